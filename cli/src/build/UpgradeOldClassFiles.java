import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Build-time step (run by cli/pom.xml on the shaded jar, never shipped): rewrites the class files
 * under the given package folders that are older than Java 6 (version 50) as Java 8 class files
 * (version 52) with their stack map frames computed by ASM. The code itself is unchanged. Only
 * named packages: computing frames needs every type a method merges, and old code elsewhere in
 * the jar (logging bridges) names optional libraries that are absent.
 *
 * <p>Why: picocli is compiled for Java 5, and the JVM's class-data-sharing archive cannot hold
 * classes that old, so on every run all of picocli's classes (about 190) were read from the jar
 * and checked by the old type-inferring verifier. Upgraded, they are archived like the rest:
 * a no-op {@code dvj status} went from 443 ms to 378 ms (docs/architecture.md). A class the
 * upgrade got wrong would fail verification the first time it loads, which the launcher tests
 * exercise; it could not run wrongly.
 *
 * <p>Usage: {@code java -cp asm.jar UpgradeOldClassFiles.java JAR FOLDER/...} (rewrites JAR in place).
 */
public final class UpgradeOldClassFiles {
    private static final int JAVA_6 = 50;

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        java.util.List<String> folders = java.util.List.of(args).subList(1, args.length);
        Path upgraded = jar.resolveSibling(jar.getFileName() + ".upgrading");
        int count = 0;
        // Frames name the common superclass of two types; ASM finds it by loading both, from the
        // jar itself or the JDK.
        try (ZipFile in = new ZipFile(jar.toFile());
             URLClassLoader types = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(upgraded))) {
            for (Enumeration<? extends ZipEntry> entries = in.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                byte[] bytes = in.getInputStream(entry).readAllBytes();
                boolean named = folders.stream().anyMatch(entry.getName()::startsWith);
                if (named && entry.getName().endsWith(".class") && version(bytes) < JAVA_6) {
                    bytes = upgrade(bytes, types);
                    count++;
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        }
        Files.move(upgraded, jar, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("Upgraded " + count + " class files older than Java 6 in " + jar.getFileName());
    }

    /** The class file's major version (bytes 6-7, after the magic number and minor version). */
    private static int version(byte[] classFile) {
        return ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff);
    }

    private static byte[] upgrade(byte[] classFile, ClassLoader types) throws IOException {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
                return types;
            }
        };
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
            }
        }, ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }
}
