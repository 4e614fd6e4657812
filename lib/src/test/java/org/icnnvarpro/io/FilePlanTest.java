package org.icnnvarpro.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outputs checked before any work: writable file names, never an input, never each other. */
class FilePlanTest {
    @TempDir
    Path dir;

    private static String refused(FilePlan p) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, p::check);
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void anOutputThatIsAnInputIsRefusedByAnyName() throws IOException {
        Path data = Files.writeString(dir.resolve("x.csv"), "1,2\n");
        Files.createDirectory(dir.resolve("sub"));
        assertEquals("--out " + data + " is the same file as --data " + data + ": writing it would destroy the input; choose another --out",
                refused(FilePlan.create().reads("--data", data).writes("--out", data)));
        // the same path spelled differently
        Path spelled = dir.resolve("sub/../x.csv");
        assertTrue(refused(FilePlan.create().reads("--data", data).writes("--out", spelled)).contains("is the same file as --data"));
        // through a symbolic link (to the file, or to its folder)
        Path link = Files.createSymbolicLink(dir.resolve("link.csv"), data);
        assertTrue(refused(FilePlan.create().reads("--data", data).writes("--out", link)).contains("is the same file as --data"));
        Path folderLink = Files.createSymbolicLink(dir.resolve("again"), dir);
        assertTrue(refused(FilePlan.create().reads("--data", data).writes("--out", folderLink.resolve("x.csv"))).contains("same file"));
        // through a hard link
        Path hard = Files.createLink(dir.resolve("hard.csv"), data);
        assertTrue(refused(FilePlan.create().reads("--data", hard).writes("--out", data)).contains("is the same file as --data"));
        // two outputs
        Path out = dir.resolve("r.json");
        assertEquals("--out " + out + " and --history " + out + " are the same file; give them different names",
                refused(FilePlan.create().writes("--out", out).writes("--history", out)));
        // in place on purpose is allowed, but only for the input it names
        FilePlan.create().reads("--model", data).updates("--out", data, "--model").check();
        assertTrue(refused(FilePlan.create().reads("--model", data).reads("--data", data).updates("--out", data, "--model"))
                .contains("same file as --data"));
        assertEquals("1,2\n", Files.readString(data), "nothing was written");
    }

    @Test
    void outputsThatCannotBeWrittenAreRefusedBeforeWork() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("results"));
        assertEquals("--out " + folder + " is a folder; give the name of a file to write", refused(FilePlan.create().writes("--out", folder)));
        Path file = Files.writeString(dir.resolve("notes.txt"), "x");
        assertEquals("--out " + file.resolve("m.json") + ": " + file + " is not a folder",
                refused(FilePlan.create().writes("--out", file.resolve("m.json"))));
        assertEquals("--out " + file + " is a file, not a folder; give the name of a folder to write into",
                refused(FilePlan.create().writesInto("--out", file)));
        if (Files.exists(Path.of("/dev/full")))
            assertEquals("--out /dev/full is not a regular file (a device, pipe or socket); give the name of a file to write",
                    refused(FilePlan.create().writes("--out", Path.of("/dev/full"))));
        // a missing folder is fine (it will be created): the nearest existing one is probed
        FilePlan.create().writes("--out", dir.resolve("new/deeper/m.json")).writesInto("--out", dir.resolve("res")).check();
        assertFalse(Files.exists(dir.resolve("new")), "the check creates nothing");
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith(".icnn-varpro-probe")).toList(), "no probe left");
        }
    }

    @Test
    void aFolderOrFileWithoutWritePermissionIsRefused() throws IOException {
        Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "root may write anywhere");
        Path ro = Files.createDirectory(dir.resolve("ro"));
        try {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-x------"));
            String m = refused(FilePlan.create().writes("--out", ro.resolve("m.json")));
            assertEquals("--out " + ro.resolve("m.json") + ": cannot write in " + ro + " (permission denied)", m);
            Path kept = Files.writeString(dir.resolve("kept.json"), "{}");
            Files.setPosixFilePermissions(kept, PosixFilePermissions.fromString("r--r--r--"));
            assertEquals("--out " + kept + " is read-only (permission denied); make it writable or choose another name",
                    refused(FilePlan.create().writes("--out", kept)));
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwx------"));
        }
    }
}
