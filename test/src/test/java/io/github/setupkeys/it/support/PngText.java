package io.github.setupkeys.it.support;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * A note carried inside a PNG file: a {@code tEXt} chunk (keyword, a zero byte, Latin-1 text), as the PNG
 * specification defines it, written right after the image header and read back by keyword. A screenshot
 * committed to the docs carries what it was taken of, so a test can tell whether it is still current.
 */
public final class PngText {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    /** Signature, then IHDR: length (4), type (4), 13 bytes of data, CRC (4). */
    private static final int AFTER_HEADER = SIGNATURE.length + 4 + 4 + 13 + 4;

    private PngText() {
    }

    /** {@code png} with a {@code tEXt} chunk {@code keyword}: {@code text} added after its header. */
    public static byte[] with(byte[] png, String keyword, String text) {
        requirePng(png);
        byte[] data = (keyword + '\0' + text).getBytes(StandardCharsets.ISO_8859_1);
        byte[] type = "tEXt".getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(type);
        crc.update(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream(png.length + data.length + 12);
        out.write(png, 0, AFTER_HEADER);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(type);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        out.write(png, AFTER_HEADER, png.length - AFTER_HEADER);
        return out.toByteArray();
    }

    /** The text of the first {@code tEXt} chunk called {@code keyword}, if {@code png} has one. */
    public static Optional<String> read(byte[] png, String keyword) {
        requirePng(png);
        ByteBuffer chunks = ByteBuffer.wrap(png);
        chunks.position(SIGNATURE.length);
        while (chunks.remaining() >= 12) {
            int length = chunks.getInt();
            byte[] type = new byte[4];
            chunks.get(type);
            if (length < 0 || length > chunks.remaining() - 4) {
                throw new IllegalArgumentException("not a well-formed PNG: a chunk runs past the end");
            }
            byte[] data = new byte[length];
            chunks.get(data);
            CRC32 crc = new CRC32();
            crc.update(type);
            crc.update(data);
            if (chunks.getInt() != (int) crc.getValue()) {
                throw new IllegalArgumentException("not a well-formed PNG: a chunk's CRC does not match");
            }
            if (new String(type, StandardCharsets.US_ASCII).equals("tEXt")) {
                String[] keywordAndText = new String(data, StandardCharsets.ISO_8859_1).split("\0", 2);
                if (keywordAndText.length == 2 && keywordAndText[0].equals(keyword)) {
                    return Optional.of(keywordAndText[1]);
                }
            }
        }
        return Optional.empty();
    }

    private static void requirePng(byte[] png) {
        if (png.length < AFTER_HEADER || !Arrays.equals(png, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
            throw new IllegalArgumentException("not a PNG file");
        }
    }
}
