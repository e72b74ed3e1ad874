package dev.dvj.core.pointer;

import dev.dvj.core.hash.HashAlgorithm;
import dev.dvj.core.hash.ObjectId;

import java.util.Map;

/**
 * What a {@code .dvj} file says: which data path it describes (relative to the pointer's folder),
 * the data's id and size, and optional metadata. {@code oid} is null for an output whose content
 * has not been recorded yet.
 *
 * @param nfiles number of files, for directories only
 * @param meta   free-form metadata (schema, quality profile) kept as written
 * @param executable a single file's exec bit ({@code isexec: true}, as DVC writes it); a
 *                   directory's files keep theirs in its manifest
 * @param source     where imported data came from ({@code dvj import}); null for data added here
 */
public record Pointer(String path, HashAlgorithm hash, ObjectId oid, Long size, Integer nfiles, String desc,
                      Map<String, Object> meta, boolean executable, ImportSource source) {

    public Pointer(String path, HashAlgorithm hash, ObjectId oid, Long size, Integer nfiles, String desc, Map<String, Object> meta) {
        this(path, hash, oid, size, nfiles, desc, meta, false, null);
    }

    public Pointer(String path, HashAlgorithm hash, ObjectId oid, Long size, Integer nfiles, String desc, Map<String, Object> meta,
                   boolean executable) {
        this(path, hash, oid, size, nfiles, desc, meta, executable, null);
    }

    public boolean isDirectory() {
        return oid != null && oid.directory();
    }

    public Pointer withContent(ObjectId newOid, long newSize, Integer newFiles) {
        return new Pointer(path, hash, newOid, newSize, newFiles, desc, meta, executable, source);
    }

    public Pointer withDesc(String newDesc) {
        return new Pointer(path, hash, oid, size, nfiles, newDesc, meta, executable, source);
    }

    public Pointer withMeta(Map<String, Object> newMeta) {
        return new Pointer(path, hash, oid, size, nfiles, desc, newMeta, executable, source);
    }

    public Pointer withPath(String newPath) {
        return new Pointer(newPath, hash, oid, size, nfiles, desc, meta, executable, source);
    }

    public Pointer withExecutable(boolean newExecutable) {
        return new Pointer(path, hash, oid, size, nfiles, desc, meta, newExecutable, source);
    }

    public Pointer withSource(ImportSource newSource) {
        return new Pointer(path, hash, oid, size, nfiles, desc, meta, executable, newSource);
    }
}
