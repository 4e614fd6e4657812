/**
 * Files the library writes, and the wording of what goes wrong with them:
 * {@link org.icnnvarpro.io.AtomicFile} is the one writer (temporary file in the same folder,
 * fsync, atomic rename: a kill, a full disk or a second writer leaves the old file or the complete
 * new one); {@link org.icnnvarpro.io.FilePlan} checks a command's outputs before any work (a
 * writable file name, not a folder or device, not one of the inputs);
 * {@link org.icnnvarpro.io.Messages} words I/O failures ("no space left on device") and cuts user
 * text to one readable line.
 */
package org.icnnvarpro.io;
