package dev.dvj.core.workspace;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads the stat fields a {@link FileStat} needs straight from the JDK's {@code UnixFileAttributes}
 * when its package is opened to dvj (the CLI jar's manifest does: {@code Add-Opens:
 * java.base/sun.nio.fs}). The public API builds a set of permissions, a {@code FileTime} and a file
 * key object for every file just to read three numbers; on a scan of 20,000 files those were about
 * 400 bytes of garbage and a few microseconds of a cold JVM per file (no-op status: one young
 * collection fewer). Where the package is not opened (dvj used as a library, another JDK, Windows)
 * or a field is missing, {@link #available()} is false and {@link FileStat#of} uses the public API;
 * both give the same values (tested).
 */
final class UnixStatFields {
    private static final int OWNER_EXECUTE = 0100;
    private static final Class<?> TYPE;
    private static final MethodHandle MODE;
    private static final MethodHandle INO;
    private static final MethodHandle DEV;
    private static final MethodHandle SIZE;
    private static final MethodHandle MTIME_SEC;
    private static final MethodHandle MTIME_NSEC;

    static {
        Class<?> type = null;
        MethodHandle mode = null;
        MethodHandle ino = null;
        MethodHandle dev = null;
        MethodHandle size = null;
        MethodHandle mtimeSec = null;
        MethodHandle mtimeNsec = null;
        try {
            type = Class.forName("sun.nio.fs.UnixFileAttributes");
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
            mode = getter(lookup, type, "st_mode", int.class);
            ino = getter(lookup, type, "st_ino", long.class);
            dev = getter(lookup, type, "st_dev", long.class);
            size = getter(lookup, type, "st_size", long.class);
            mtimeSec = getter(lookup, type, "st_mtime_sec", long.class);
            mtimeNsec = getter(lookup, type, "st_mtime_nsec", long.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            type = null; // not opened to us, not this JDK's layout, or not a Unix JDK: the public API it is
        }
        TYPE = type;
        MODE = mode;
        INO = ino;
        DEV = dev;
        SIZE = size;
        MTIME_SEC = mtimeSec;
        MTIME_NSEC = mtimeNsec;
    }

    private UnixStatFields() {
    }

    private static MethodHandle getter(MethodHandles.Lookup lookup, Class<?> type, String field, Class<?> fieldType)
            throws ReflectiveOperationException {
        return lookup.findGetter(type, field, fieldType)
                .asType(MethodType.methodType(fieldType, Object.class));
    }

    static boolean available() {
        return TYPE != null;
    }

    /** The stat of these attributes, or null when they are not the JDK's Unix ones (or the mtime overflows). */
    static FileStat of(BasicFileAttributes attrs) {
        if (TYPE == null || attrs.getClass() != TYPE) {
            return null;
        }
        try {
            long nanos = Math.addExact(Math.multiplyExact((long) MTIME_SEC.invokeExact((Object) attrs), 1_000_000_000L),
                    (long) MTIME_NSEC.invokeExact((Object) attrs));
            long dev = (long) DEV.invokeExact((Object) attrs);
            long ino = (long) INO.invokeExact((Object) attrs);
            // The same number as the public API's fileKey().hashCode(), so the state cache is shared.
            long inode = (int) (dev ^ (dev >>> 32)) + (int) (ino ^ (ino >>> 32));
            boolean executable = ((int) MODE.invokeExact((Object) attrs) & OWNER_EXECUTE) != 0;
            return new FileStat((long) SIZE.invokeExact((Object) attrs), nanos, inode, executable);
        } catch (ArithmeticException e) {
            return null; // an mtime beyond the year 2262: the public API's saturated value is the one to use
        } catch (Throwable e) {
            throw new IllegalStateException("reading stat fields", e); // getters of fields cannot fail
        }
    }
}
