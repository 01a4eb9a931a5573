package io.github.setupkeys.rule.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The file {@code scan --output FILE} writes. It is checked before the scan starts, so a live scan is not
 * spent on a report that cannot be written, and written all at once: into a new file beside it, synced, then
 * renamed over it, so that FILE is either the old file or the whole new report, never a part of one. Like
 * every new temporary file it is readable by its owner only (it names users and their keys).
 */
final class OutputFile {

    private final Path path;
    private final Path directory;
    private final String name;

    private OutputFile(Path path, Path directory) {
        this.path = path;
        this.directory = directory;
        this.name = "output file '" + path + "'";
    }

    /**
     * {@code path}, once it is known that a report can go there: its directory exists, and it is new or a
     * regular file (not a directory, link or device) other than {@code input}, the report being scanned.
     */
    static OutputFile checked(Path path, Optional<Path> input) {
        Objects.requireNonNull(path, "path");
        String name = "output file '" + path + "'";
        Path absolute = path.toAbsolutePath();
        Path directory = absolute.getParent();
        if (Files.isDirectory(absolute)) {
            throw new ScanFailedException(name + ": is a directory; name the file to write");
        }
        if (directory == null || !Files.isDirectory(directory)) {
            throw new ScanFailedException(name + ": no such directory '" + directory + "'");
        }
        if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isRegularFile(absolute, LinkOption.NOFOLLOW_LINKS)) {
                throw new ScanFailedException(name + ": exists and is not a regular file (a link or a device); "
                        + "name a new or regular file");
            }
            if (input.isPresent() && isSameFile(absolute, input.get())) {
                throw new ScanFailedException(name + ": is the credential report being scanned; name another file");
            }
        }
        return new OutputFile(path, directory);
    }

    /** Writes what {@code report} prints, in UTF-8, replacing the file only once all of it is on disk. */
    void write(Consumer<PrintStream> report) {
        Path temporary;
        try {
            temporary = Files.createTempFile(directory, ".setupkeys-", ".tmp");
        } catch (AccessDeniedException e) {
            throw new ScanFailedException(name + ": permission denied in '" + directory + "'");
        } catch (IOException e) {
            throw new ScanFailedException(name + ": cannot be written (" + e.getMessage() + ")");
        }
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                PrintStream out = new PrintStream(new BufferedOutputStream(Channels.newOutputStream(channel)), false,
                        StandardCharsets.UTF_8);
                report.accept(out);
                out.flush();
                // PrintStream keeps I/O errors to itself (a full disk, say): ask, or a cut report would be kept.
                if (out.checkError()) {
                    throw new ScanFailedException(name + ": cannot be written (an I/O error, such as a full disk)");
                }
                channel.force(true);
            }
            Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
        } catch (IOException e) {
            throw new ScanFailedException(name + ": cannot be written (" + e.getMessage() + ")");
        } finally {
            if (!moved) {
                deleteQuietly(temporary);
            }
        }
    }

    private static boolean isSameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false; // the input cannot be read either: reading it fails with its own message
        }
    }

    private static void deleteQuietly(Path temporary) {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            // The report itself failed, which is what the user is told; a stray .tmp file is the lesser evil.
        }
    }
}
