package io.dialgate.gateway.launch;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and directories that only this operating-system user may read: the embedded database's
 * password, its log and its data. On a file system without POSIX permissions (not one the embedded
 * binaries run on) these methods only create and write.
 */
final class PrivateFiles {

    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {
    }

    /** Sets {@code dir} to 0700. */
    static void restrictDirectory(Path dir) throws IOException {
        if (posix(dir)) {
            Files.setPosixFilePermissions(dir, DIRECTORY);
        }
    }

    /** Creates {@code file} empty with mode 0600, or sets an existing one to 0600. */
    static void ensureFile(Path file) throws IOException {
        if (!Files.exists(file)) {
            try {
                Files.createFile(file, attributes(file, FILE));
                return;
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // Fall through and restrict the one that exists.
            }
        }
        if (posix(file)) {
            Files.setPosixFilePermissions(file, FILE);
        }
    }

    /**
     * Replaces {@code file} with {@code content}, mode 0600. Written to a private temporary file beside
     * it and renamed, so a reader never sees a half-written file and the content is never readable by
     * others, not even for a moment.
     */
    static void write(Path file, String content) throws IOException {
        Path temporary = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp", attributes(file, FILE));
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static FileAttribute<?>[] attributes(Path path, Set<PosixFilePermission> permissions) {
        return posix(path.toAbsolutePath().getParent())
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                : new FileAttribute<?>[0];
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
