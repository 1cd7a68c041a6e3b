/*
 * An agent-protocol client in C, written from the protocol description (issue 18) to behave
 * like the official C SDK: it prints each entry with snprintf into a 4,096-byte buffer WITHOUT
 * escaping anything, adds "shared_secret" on TCP when it finds the agent's secret file
 * ($XDG_RUNTIME_DIR/logflux/agent.secret, else $HOME/.logflux/runtime/agent.secret, else
 * /tmp/.logflux-runtime/agent.secret), leaves "labels" out when there are none, and sends
 * without MSG_NOSIGNAL.
 *
 * usage: client unix:<path>|tcp:<ipv4>:<port> <tag> <count> [secret-override]
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static void load_secret(char *out, size_t size) {
  char path[512];
  const char *xdg = getenv("XDG_RUNTIME_DIR");
  const char *home = getenv("HOME");
  if (xdg) snprintf(path, sizeof path, "%s/logflux/agent.secret", xdg);
  else if (home) snprintf(path, sizeof path, "%s/.logflux/runtime/agent.secret", home);
  else snprintf(path, sizeof path, "/tmp/.logflux-runtime/agent.secret");
  out[0] = '\0';
  FILE *f = fopen(path, "r");
  if (!f) return;
  if (!fgets(out, (int)size, f)) out[0] = '\0';
  fclose(f);
  size_t n = strlen(out);
  if (n > 0 && out[n - 1] == '\n') out[n - 1] = '\0';
}

int main(int argc, char **argv) {
  if (argc < 4) return 2;
  const char *target = argv[1], *tag = argv[2];
  int count = atoi(argv[3]);
  int tcp = strncmp(target, "tcp:", 4) == 0;
  char secret[256] = "";
  if (tcp) {
    if (argc > 4) snprintf(secret, sizeof secret, "%s", argv[4]);
    else load_secret(secret, sizeof secret);
  }
  int fd;
  if (tcp) {
    char host[64];
    const char *colon = strrchr(target + 4, ':');
    snprintf(host, sizeof host, "%.*s", (int)(colon - (target + 4)), target + 4);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)atoi(colon + 1));
    if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) return 3;
    fd = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) return 4;
  } else {
    struct sockaddr_un addr = {0};
    addr.sun_family = AF_UNIX;
    snprintf(addr.sun_path, sizeof addr.sun_path, "%s", target + 5);
    fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) return 4;
  }
  char json[4096], line[4200];
  for (int i = 0; i < count; i++) {
    char message[256];
    /* Every third message has quotes and a backslash, which this client (like the SDK) never escapes. */
    if (i % 3 == 0) snprintf(message, sizeof message, "%s %d said \"hi\" \\o/", tag, i);
    else snprintf(message, sizeof message, "%s %d", tag, i);
    int len = snprintf(json, sizeof json,
                       "{\"id\":\"%08x-0000-4000-8000-%012d\",\"message\":\"%s\",\"source\":\"c-client\",\"entry_type\":1,\"level\":%d,\"timestamp\":%ld",
                       (unsigned)rand(), i, message, i % 8, (long)time(NULL));
    if (secret[0]) len += snprintf(json + len, sizeof json - len, ",\"shared_secret\":\"%s\"", secret);
    if (i % 2 == 0) len += snprintf(json + len, sizeof json - len, ",\"labels\":{\"client\":\"c\",\"seq\":\"%d\"}", i);
    snprintf(json + len, sizeof json - len, "}");
    int n = snprintf(line, sizeof line, "%s\n", json);
    if (send(fd, line, (size_t)n, 0) != n) return 5;
  }
  close(fd);
  return 0;
}
