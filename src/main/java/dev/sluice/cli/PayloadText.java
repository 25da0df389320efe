package dev.sluice.cli;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A payload as one line of text: UTF-8 as it is, except a backslash as {@code \\}, tab, newline and
 * carriage return as {@code \t \n \r}, and every other control character, and every byte that is
 * not UTF-8, as {@code \xHH} per byte. So binary payloads stay readable and one record stays one line.
 * A null payload (a Kafka tombstone) is {@code \N}, as PostgreSQL's COPY writes NULL: no payload
 * prints that, since a backslash of its own is doubled.
 */
final class PayloadText {
    private PayloadText() {
    }

    static String of(MemorySegment payload) {
        if (payload == null) {
            return "\\N";
        }
        ByteBuffer in = payload.asByteBuffer();
        CharBuffer decoded = CharBuffer.allocate((int) payload.byteSize() + 1);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        StringBuilder out = new StringBuilder(decoded.capacity());
        while (true) {
            CoderResult result = decoder.decode(in, decoded, true);
            appendEscaped(decoded.flip(), out);
            decoded.clear();
            if (result.isError()) {
                for (int i = 0; i < result.length(); i++) {
                    hex(in.get(), out);
                }
            } else if (result.isUnderflow()) {
                return out.toString();
            }
        }
    }

    private static void appendEscaped(CharBuffer chars, StringBuilder out) {
        while (chars.hasRemaining()) {
            char c = chars.get();
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                            hex(b, out);
                        }
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }

    private static void hex(byte b, StringBuilder out) {
        out.append(String.format("\\x%02x", b & 0xff));
    }
}
