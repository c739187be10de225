package org.vmqsc.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a report goes. {@link #prepare} creates the directory and proves it writable before any
 * simulation starts, so a typo in {@code --out} costs a second, not the whole run. Files already
 * there with the same names are replaced; others are left alone.
 */
public final class OutputDir {
  private static final String PROBE = ".vmqsc-write-test";

  private final Path dir;

  private OutputDir(Path dir) {
    this.dir = dir;
  }

  /** Creates {@code dir} and its parents as needed; OutputException when it cannot be written. */
  public static OutputDir prepare(String dir) {
    Path path;
    try {
      path = Path.of(dir);
    } catch (InvalidPathException e) {
      throw new OutputException("cannot write " + dir + ": invalid path: " + e.getReason(), e);
    }
    try {
      Files.createDirectories(path);
      Path probe = path.resolve(PROBE);
      Files.write(probe, new byte[0]);
      Files.delete(probe);
    } catch (IOException e) {
      throw new OutputException("cannot write " + dir + ": " + reason(e, path), e);
    }
    return new OutputDir(path);
  }

  public Path path() {
    return dir;
  }

  public Path write(String name, byte[] bytes) {
    Path file = dir.resolve(name);
    try {
      return Files.write(file, bytes);
    } catch (IOException e) {
      throw new OutputException("cannot write " + file + ": " + reason(e, file), e);
    }
  }

  public Path write(String name, String text) {
    return write(name, text.getBytes(StandardCharsets.UTF_8));
  }

  /** What went wrong, in words, without the path again and without Java class names. */
  static String reason(IOException e, Path target) {
    if (e instanceof FileAlreadyExistsException fae) {
      String file = fae.getFile();
      return file == null || Path.of(file).equals(target) ? "exists and is not a directory"
          : file + " is not a directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof FileSystemException fse && fse.getReason() != null) {
      return fse.getReason().toLowerCase(Locale.ROOT);
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
