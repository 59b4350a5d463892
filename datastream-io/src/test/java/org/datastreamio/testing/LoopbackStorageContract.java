package org.datastreamio.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LoopbackStorage} must do for the File transport's tests: Beam's FileSystems
 * create, read (also from an offset), match, rename and delete files on it. (Pipelines on it are
 * exercised by the transport's tests in {@code org.datastreamio.file}.)
 */
abstract class LoopbackStorageContract {
  // Over 3 HDFS blocks of 1 MiB, and not a multiple of any buffer size.
  private static final int FILE_BYTES = 3 * 1024 * 1024 + 12_345;

  private String dir;

  abstract LoopbackStorage storage();

  @BeforeEach
  void freshDirectory() {
    storage().registerFileSystems();
    dir = storage().root() + "contract-" + UUID.randomUUID() + "/";
  }

  @Test
  void fileLifecycleThroughBeamFileSystems() throws IOException {
    byte[] data = randomBytes(FILE_BYTES, 1);
    ResourceId file = FileSystems.matchNewResource(dir + "a/data.bin", false);
    write(file, data);

    assertArrayEquals(data, read(file));
    assertEquals(List.of(dir + "a/data.bin"), storage().listFiles(dir));
    MatchResult.Metadata meta = FileSystems.matchSingleFileSpec(dir + "a/data.bin");
    assertEquals(FILE_BYTES, meta.sizeBytes());
    List<MatchResult.Metadata> globbed = FileSystems.match(dir + "a/*.bin").metadata();
    assertEquals(List.of(dir + "a/data.bin"), names(globbed));

    ResourceId renamed = FileSystems.matchNewResource(dir + "b/renamed.bin", false);
    FileSystems.rename(List.of(file), List.of(renamed));
    assertEquals(
        MatchResult.Status.NOT_FOUND,
        FileSystems.match(List.of(dir + "a/data.bin")).get(0).status());
    assertArrayEquals(data, read(renamed));
    assertEquals(List.of(dir + "b/renamed.bin"), storage().listFiles(dir));

    FileSystems.delete(List.of(renamed));
    assertEquals(
        MatchResult.Status.NOT_FOUND,
        FileSystems.match(List.of(dir + "b/renamed.bin")).get(0).status());
    assertEquals(List.of(), storage().listFiles(dir));
  }

  @Test
  void seeksBeforeReading() throws IOException {
    byte[] data = randomBytes(FILE_BYTES, 2);
    ResourceId file = FileSystems.matchNewResource(dir + "seek.bin", false);
    write(file, data);

    int[] offsets = {FILE_BYTES - 10, 1024 * 1024 + 7, 0, 5};
    for (int offset : offsets) {
      try (SeekableByteChannel channel = (SeekableByteChannel) FileSystems.open(file)) {
        channel.position(offset);
        byte[] rest = Channels.newInputStream(channel).readAllBytes();
        assertArrayEquals(
            Arrays.copyOfRange(data, offset, FILE_BYTES), rest, "read from offset " + offset);
      }
    }
  }

  private static void write(ResourceId file, byte[] data) throws IOException {
    // Close exactly once: the stream closes the channel, and a second close() of Beam's S3 channel
    // uploads an empty part and completes the finished upload again (S3 answers InvalidPart).
    WritableByteChannel channel = FileSystems.create(file, "application/octet-stream");
    try (OutputStream out = Channels.newOutputStream(channel)) {
      // Uneven chunks, like a real writer's.
      int pos = 0;
      int chunk = 1;
      while (pos < data.length) {
        int n = Math.min(chunk, data.length - pos);
        out.write(data, pos, n);
        pos += n;
        chunk = chunk * 3 + 1;
      }
    }
  }

  private static byte[] read(ResourceId file) throws IOException {
    try (ReadableByteChannel channel = FileSystems.open(file);
        InputStream in = Channels.newInputStream(channel)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toByteArray();
    }
  }

  private static List<String> names(List<MatchResult.Metadata> metadata) {
    return metadata.stream()
        .map(m -> m.resourceId().toString())
        .sorted()
        .collect(Collectors.toList());
  }

  private static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }
}
