package main

// Strict decompression for payload types 1 (gzip) and 2 (zstd).
//
// Library leniency worked around here:
//   - compress/gzip reads concatenated members by default, accepts reserved
//     FLG bits, cannot say where a member ended, and does not let the caller
//     bound output before it is produced. So gzip members are parsed here by
//     hand; only the raw DEFLATE data goes to compress/flate.
//     flate is given a bytes.Reader, which implements io.ByteReader, so flate
//     never reads past the end of the DEFLATE stream and the trailer can be
//     read at the exact position.
//   - klauspost/compress/zstd would decode several frames, skip skippable
//     frames, and size its history ring by the frame's declared window
//     (a 100-byte frame may declare a 2 TiB window). Frames are walked here by
//     hand (header rules, dictionary, content size against the limit) and each
//     Zstandard frame is decoded alone, streaming, with output bounded by the
//     remaining limit.

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"sync"

	"github.com/klauspost/compress/zstd"
)

var errOutputLimit = errors.New("output limit exceeded")

// boundedBuf collects output and never grows past limit bytes.
type boundedBuf struct {
	b     []byte
	limit int
}

// readFrom reads r to EOF. It returns errOutputLimit as soon as r yields more
// than limit-len(b) further bytes; other errors are returned as is.
func (o *boundedBuf) readFrom(r io.Reader) error {
	var probe [1]byte
	for {
		if len(o.b) == cap(o.b) {
			if cap(o.b) >= o.limit {
				// Full: any further byte exceeds the limit.
				n, err := r.Read(probe[:])
				if n > 0 {
					return errOutputLimit
				}
				if err == io.EOF {
					return nil
				}
				if err != nil {
					return err
				}
				continue
			}
			newCap := 2 * cap(o.b)
			if newCap < 4096 {
				newCap = 4096
			}
			if newCap > o.limit {
				newCap = o.limit
			}
			nb := make([]byte, len(o.b), newCap)
			copy(nb, o.b)
			o.b = nb
		}
		n, err := r.Read(o.b[len(o.b):cap(o.b)])
		o.b = o.b[:len(o.b)+n]
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func sizeLimitErr(limit int) error {
	return classErr(ClassSizeLimit, "decompressed size exceeds the limit of %d bytes", limit)
}

// ---------------------------------------------------------------- gzip

// GunzipStrict decompresses a strict gzip stream (one or more members).
func GunzipStrict(data []byte, limit int) ([]byte, error) {
	if len(data) == 0 {
		return nil, classErr(ClassDecompress, "empty gzip stream")
	}
	out := &boundedBuf{limit: limit}
	pos := 0
	for member := 0; ; member++ {
		hdrLen, err := parseGzipHeader(data[pos:])
		if err != nil {
			return nil, classErr(ClassDecompress, "gzip member %d: %v", member, err)
		}
		body := bytes.NewReader(data[pos+hdrLen:])
		start := len(out.b)
		fr := flate.NewReader(body) // bytes.Reader is an io.ByteReader: no over-read
		err = out.readFrom(fr)
		fr.Close()
		if err == errOutputLimit {
			return nil, sizeLimitErr(limit)
		}
		if err != nil {
			return nil, classErr(ClassDecompress, "gzip member %d: deflate: %v", member, err)
		}
		end := len(data) - body.Len() // first byte after the DEFLATE stream
		if len(data)-end < 8 {
			return nil, classErr(ClassDecompress, "gzip member %d: truncated trailer", member)
		}
		content := out.b[start:]
		if binary.LittleEndian.Uint32(data[end:]) != crc32.ChecksumIEEE(content) {
			return nil, classErr(ClassDecompress, "gzip member %d: CRC-32 mismatch", member)
		}
		if binary.LittleEndian.Uint32(data[end+4:]) != uint32(len(content)) {
			return nil, classErr(ClassDecompress, "gzip member %d: ISIZE mismatch", member)
		}
		pos = end + 8
		if pos == len(data) {
			return out.b, nil
		}
		// Otherwise what follows must be another complete member.
	}
}

// parseGzipHeader validates a member header and returns its length.
func parseGzipHeader(d []byte) (int, error) {
	if len(d) < 10 {
		return 0, errors.New("truncated or missing header")
	}
	if d[0] != 0x1f || d[1] != 0x8b {
		return 0, errors.New("bad magic (trailing garbage?)")
	}
	if d[2] != 8 {
		return 0, errors.New("compression method is not deflate")
	}
	flg := d[3]
	if flg&0xE0 != 0 {
		return 0, errors.New("reserved flag bits set")
	}
	i := 10
	if flg&0x04 != 0 { // FEXTRA
		if len(d)-i < 2 {
			return 0, errors.New("truncated FEXTRA length")
		}
		xlen := int(binary.LittleEndian.Uint16(d[i:]))
		i += 2
		if len(d)-i < xlen {
			return 0, errors.New("truncated FEXTRA")
		}
		i += xlen
	}
	for _, bit := range []byte{0x08, 0x10} { // FNAME, FCOMMENT
		if flg&bit != 0 {
			z := bytes.IndexByte(d[i:], 0)
			if z < 0 {
				return 0, errors.New("unterminated FNAME/FCOMMENT")
			}
			i += z + 1
		}
	}
	if flg&0x02 != 0 { // FHCRC
		if len(d)-i < 2 {
			return 0, errors.New("truncated FHCRC")
		}
		want := binary.LittleEndian.Uint16(d[i:])
		if uint16(crc32.ChecksumIEEE(d[:i])) != want {
			return 0, errors.New("header CRC mismatch")
		}
		i += 2
	}
	return i, nil
}

// ---------------------------------------------------------------- zstd

const (
	zstdMagic        = 0xFD2FB528
	zstdBlockMax     = 128 << 10
	zstdMaxWindowOpt = (1 << 41) + 7*(1<<38)
)

var (
	zdecOnce sync.Once
	zdec     *zstd.Decoder
	zdecErr  error
)

func zstdDecoder() (*zstd.Decoder, error) {
	zdecOnce.Do(func() {
		zdec, zdecErr = zstd.NewReader(nil,
			zstd.WithDecoderConcurrency(1),              // synchronous streaming decode
			zstd.WithDecoderMaxMemory(1<<62),            // output is bounded by the caller
			zstd.WithDecoderMaxWindow(zstdMaxWindowOpt), // windows are capped by patching, see below
			zstd.WithDecodeBuffersBelow(0),              // never take the whole-buffer shortcut
			zstd.IgnoreChecksum(false),
		)
	})
	return zdec, zdecErr
}

// zstdWindow returns the window size encoded by a Window_Descriptor.
func zstdWindow(wd byte) uint64 {
	base := uint64(1) << (10 + uint64(wd>>3))
	return base + (base/8)*uint64(wd&7)
}

// smallestWindowDescriptor returns the descriptor of the smallest window >= target.
func smallestWindowDescriptor(target uint64) byte {
	for e := 0; e < 32; e++ {
		for m := 0; m < 8; m++ {
			wd := byte(e<<3 | m)
			if zstdWindow(wd) >= target {
				return wd
			}
		}
	}
	return 0xFF
}

// UnzstdStrict decompresses a strict zstd stream (one or more frames).
func UnzstdStrict(data []byte, limit int) ([]byte, error) {
	if len(data) == 0 {
		return nil, classErr(ClassDecompress, "empty zstd stream")
	}
	dec, err := zstdDecoder()
	if err != nil {
		return nil, err
	}
	defer dec.Reset(nil)
	out := &boundedBuf{limit: limit}
	pos := 0
	zstdFrames := 0
	for frame := 0; pos < len(data); frame++ {
		rest := data[pos:]
		if len(rest) < 4 {
			return nil, classErr(ClassDecompress, "frame %d: truncated magic number (trailing garbage?)", frame)
		}
		magic := binary.LittleEndian.Uint32(rest)
		if magic&0xFFFFFFF0 == 0x184D2A50 { // skippable frame
			if len(rest) < 8 {
				return nil, classErr(ClassDecompress, "frame %d: truncated skippable frame header", frame)
			}
			size := uint64(binary.LittleEndian.Uint32(rest[4:]))
			if uint64(len(rest)-8) < size {
				return nil, classErr(ClassDecompress, "frame %d: truncated skippable frame", frame)
			}
			pos += 8 + int(size)
			continue
		}
		if magic != zstdMagic {
			return nil, classErr(ClassDecompress, "frame %d: not a Zstandard frame (bad magic, legacy format or trailing garbage)", frame)
		}
		n, err := decodeZstdFrame(dec, rest, out, limit)
		if err != nil {
			if ce, ok := err.(*ClassError); ok {
				return nil, &ClassError{Class: ce.Class, Msg: "frame " + itoa(frame) + ": " + ce.Msg}
			}
			return nil, err
		}
		pos += n
		zstdFrames++
	}
	// "At least one frame" is read as at least one Zstandard frame:
	// a stream of skippable frames only carries no content at all.
	if zstdFrames == 0 {
		return nil, classErr(ClassDecompress, "stream holds no Zstandard frame (only skippable frames)")
	}
	return out.b, nil
}

func itoa(i int) string {
	return string(appendInt(nil, i))
}

func appendInt(b []byte, i int) []byte {
	if i < 0 {
		b = append(b, '-')
		i = -i
	}
	var tmp [20]byte
	k := len(tmp)
	for {
		k--
		tmp[k] = byte('0' + i%10)
		i /= 10
		if i == 0 {
			break
		}
	}
	return append(b, tmp[k:]...)
}

// decodeZstdFrame decodes the Zstandard frame at the start of d, appending
// its output to out. It returns the frame's length in bytes.
func decodeZstdFrame(dec *zstd.Decoder, d []byte, out *boundedBuf, limit int) (int, error) {
	decomp := func(format string, args ...any) (int, error) {
		return 0, classErr(ClassDecompress, format, args...)
	}
	i := 4
	if len(d) <= i {
		return decomp("truncated frame header")
	}
	fhd := d[i]
	i++
	fcsFlag := fhd >> 6
	single := fhd&0x20 != 0
	if fhd&0x08 != 0 {
		return decomp("reserved bit set in frame header")
	}
	hasChecksum := fhd&0x04 != 0
	didSize := [4]int{0, 1, 2, 4}[fhd&3]
	wdPos := -1
	if !single {
		if len(d) <= i {
			return decomp("truncated frame header")
		}
		wdPos = i
		i++
	}
	if len(d)-i < didSize {
		return decomp("truncated frame header")
	}
	var did uint32
	for k := didSize - 1; k >= 0; k-- {
		did = did<<8 | uint32(d[i+k])
	}
	i += didSize
	if did != 0 {
		return decomp("frame requires dictionary %d", did)
	}
	fcsSize := 0
	switch fcsFlag {
	case 0:
		if single {
			fcsSize = 1
		}
	default:
		fcsSize = 1 << fcsFlag
	}
	if len(d)-i < fcsSize {
		return decomp("truncated frame header")
	}
	var fcs uint64
	haveFCS := fcsSize > 0
	for k := fcsSize - 1; k >= 0; k-- {
		fcs = fcs<<8 | uint64(d[i+k])
	}
	if fcsSize == 2 {
		fcs += 256
	}
	i += fcsSize
	remaining := uint64(limit - len(out.b))
	if haveFCS && fcs > remaining {
		return 0, classErr(ClassSizeLimit, "declared content size %d exceeds the remaining limit %d", fcs, remaining)
	}

	// Walk the blocks to find where the frame ends. On a structural problem
	// the frame is cut there and handed to the decoder anyway, so output of
	// the blocks before the problem still counts against the limit (as in a
	// streaming decoder); the decoder then fails on the cut.
	end, walkErr := walkZstdBlocks(d, i, hasChecksum)
	frame := d[:end]

	// The decoder sizes its history ring from the declared window. No valid
	// back-reference can reach further than the output produced so far, which
	// is bounded by the content size or the remaining limit (plus one block
	// in flight), so a larger declared window is lowered to that bound. This
	// changes memory use only, never the result.
	if wdPos >= 0 {
		need := remaining + 2*zstdBlockMax
		if haveFCS {
			need = fcs
		}
		if need < zstdBlockMax {
			need = zstdBlockMax
		}
		declared := zstdWindow(d[wdPos])
		if declared > need {
			if nwd := smallestWindowDescriptor(need); zstdWindow(nwd) < declared {
				frame = append([]byte(nil), frame...)
				frame[wdPos] = nwd
			}
		}
	}

	start := len(out.b)
	if err := dec.Reset(bytes.NewReader(frame)); err != nil {
		return decomp("zstd: %v", err)
	}
	err := out.readFrom(dec)
	if err == errOutputLimit {
		// The content size (if any) was within the limit, so the frame is
		// producing more than it declared: that is a malformed frame.
		if haveFCS {
			return decomp("frame produces more than its declared content size")
		}
		return 0, sizeLimitErr(limit)
	}
	if err != nil {
		if walkErr != nil && errors.Is(err, io.ErrUnexpectedEOF) {
			// The decoder ran into the cut made at the structural problem.
			return decomp("%v", walkErr)
		}
		return decomp("zstd: %v", err)
	}
	if walkErr != nil {
		return decomp("%v", walkErr)
	}
	if haveFCS && uint64(len(out.b)-start) != fcs {
		return decomp("decoded size %d differs from the declared content size %d", len(out.b)-start, fcs)
	}
	return end, nil
}

// walkZstdBlocks returns the end offset of the frame whose first block
// header is at offset i. On a structural error it returns the offset where
// the problem was found together with the error.
func walkZstdBlocks(d []byte, i int, hasChecksum bool) (int, error) {
	for {
		if len(d)-i < 3 {
			return len(d), errors.New("truncated block header")
		}
		bh := uint32(d[i]) | uint32(d[i+1])<<8 | uint32(d[i+2])<<16
		last := bh&1 != 0
		btype := (bh >> 1) & 3
		bsize := int(bh >> 3)
		if btype == 3 {
			return i, errors.New("reserved block type")
		}
		if bsize > zstdBlockMax {
			return i, errors.New("block larger than 128 KiB")
		}
		payload := bsize
		if btype == 1 { // RLE: one byte, repeated bsize times
			payload = 1
		}
		if len(d)-i-3 < payload {
			return len(d), errors.New("truncated block")
		}
		i += 3 + payload
		if last {
			break
		}
	}
	if hasChecksum {
		if len(d)-i < 4 {
			return len(d), errors.New("truncated content checksum")
		}
		i += 4
	}
	return i, nil
}
