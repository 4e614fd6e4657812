package org.icnnvarpro.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class MessagesTest {
    @Test
    void ioFailuresAreWordedByTheirReason() {
        assertEquals("permission denied", Messages.reason(new AccessDeniedException("/x/m.json")));
        assertEquals("no such file or folder", Messages.reason(new NoSuchFileException("/x/m.json")));
        assertEquals("no space left on device", Messages.reason(new IOException("No space left on device")));
        assertEquals("read-only file system", Messages.reason(new FileSystemException("/x", null, "Read-only file system")));
        assertEquals("is a folder", Messages.reason(new FileSystemException("/x", null, "Is a directory")));
        assertEquals("EIO", Messages.reason(new IOException("EIO")));
        assertEquals("IOException", Messages.reason(new IOException()));
    }

    @Test
    void userTextBecomesOneShortLine() {
        assertEquals("a b c\td", Messages.oneLine("a\nb\r\nc\td", 100).replace("  ", " "));
        assertEquals("x?y", Messages.oneLine("x\u0000y", 100));
        String huge = "7".repeat(1 << 20);
        String cut = Messages.oneLine(huge, 400);
        assertTrue(cut.length() <= 400, cut.length() + "");
        assertTrue(cut.endsWith("… (1048576 characters)"), cut.substring(cut.length() - 40));
        assertEquals("'abc'", Messages.quote("abc"));
        assertTrue(Messages.quote(huge).length() < 50);
    }
}
