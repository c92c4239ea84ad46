package dev.smsworker.bench.chaos;

import java.io.IOException;
import java.io.OutputStream;

/** Writes to both streams: the harnesses' ITs print their report as it comes and keep a copy to check. */
final class TeeStream extends OutputStream {

    private final OutputStream first;
    private final OutputStream second;

    TeeStream(OutputStream first, OutputStream second) {
        this.first = first;
        this.second = second;
    }

    @Override
    public void write(int b) throws IOException {
        first.write(b);
        second.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        first.write(bytes, offset, length);
        second.write(bytes, offset, length);
    }
}
