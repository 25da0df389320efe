package dev.sluice.sys;

import java.nio.channels.ClosedChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;

/**
 * What every exception from a failed native call carries: the call and its errno. The errors Java
 * has a more precise exception for come as subclasses of that exception implementing this
 * interface; all others are {@link NativeIOException}.
 */
public interface NativeError {
    /** {@return the call that failed} */
    Syscall syscall();

    /** {@return the errno it failed with} */
    int errno();

    /** {@return the errno's symbol, e.g. "EBADF"} */
    default String errnoSymbol() {
        return Errno.symbol(errno());
    }

    /** EBADF: the descriptor was closed, or never valid. */
    final class ClosedDescriptor extends ClosedChannelException implements NativeError {
        /** The call that failed. */
        private final Syscall syscall;
        /** The errno it failed with. */
        private final int errno;
        /** The message, naming the call, its arguments and the errno. */
        private final String message;

        ClosedDescriptor(Syscall syscall, int errno, String message) {
            this.syscall = syscall;
            this.errno = errno;
            this.message = message;
        }

        @Override
        public String getMessage() {
            return message;
        }

        @Override
        public Syscall syscall() {
            return syscall;
        }

        @Override
        public int errno() {
            return errno;
        }
    }

    /** ENOENT. */
    final class NoSuchFile extends NoSuchFileException implements NativeError {
        /** The call that failed. */
        private final Syscall syscall;
        /** The errno it failed with. */
        private final int errno;

        NoSuchFile(Syscall syscall, int errno, String file, String reason) {
            super(file, null, reason);
            this.syscall = syscall;
            this.errno = errno;
        }

        @Override
        public Syscall syscall() {
            return syscall;
        }

        @Override
        public int errno() {
            return errno;
        }
    }

    /** EACCES and EPERM. */
    final class AccessDenied extends AccessDeniedException implements NativeError {
        /** The call that failed. */
        private final Syscall syscall;
        /** The errno it failed with. */
        private final int errno;

        AccessDenied(Syscall syscall, int errno, String file, String reason) {
            super(file, null, reason);
            this.syscall = syscall;
            this.errno = errno;
        }

        @Override
        public Syscall syscall() {
            return syscall;
        }

        @Override
        public int errno() {
            return errno;
        }
    }

    /** EEXIST. */
    final class AlreadyExists extends FileAlreadyExistsException implements NativeError {
        /** The call that failed. */
        private final Syscall syscall;
        /** The errno it failed with. */
        private final int errno;

        AlreadyExists(Syscall syscall, int errno, String file, String reason) {
            super(file, null, reason);
            this.syscall = syscall;
            this.errno = errno;
        }

        @Override
        public Syscall syscall() {
            return syscall;
        }

        @Override
        public int errno() {
            return errno;
        }
    }
}
