"""An agent-protocol client in Python, written from the protocol description (issue 18):
newline-delimited JSON entries over a Unix stream socket or TCP, fire and forget, like the
official Ruby and PHP SDKs (no shared secret).

usage: client.py unix:<path>|tcp:<host>:<port> <tag> <count>
"""
import json
import socket
import sys
import time
import uuid


def connect(target):
    kind, _, rest = target.partition(":")
    if kind == "unix":
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(rest)
    else:
        host, _, port = rest.rpartition(":")
        s = socket.create_connection((host, int(port)))
    return s


def main():
    target, tag, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    s = connect(target)
    for i in range(count):
        entry = {
            "id": str(uuid.uuid4()),
            "message": f"{tag} {i}",
            "source": "python-client",
            "entry_type": 1,
            "level": i % 8,
            "timestamp": int(time.time()),
            "labels": {"client": "python", "seq": str(i), "payload_type": "application"},
        }
        s.sendall((json.dumps(entry) + "\n").encode())
        if i == 1:
            s.sendall(b"this line is not JSON\n")
    # an event and a metric, as the Ruby SDK's helpers send them
    s.sendall((json.dumps({"id": str(uuid.uuid4()), "message": f"{tag} deployed", "source": "python-client",
                           "entry_type": 4, "level": 5, "timestamp": int(time.time()), "labels": {}}) + "\n").encode())
    s.sendall((json.dumps({"id": str(uuid.uuid4()), "message": f"{tag}.queue_depth=17", "source": "python-client",
                           "entry_type": 2, "level": 6, "timestamp": int(time.time()), "labels": {}}) + "\n").encode())
    s.close()


main()
