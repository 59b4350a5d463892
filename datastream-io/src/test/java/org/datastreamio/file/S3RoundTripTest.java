package org.datastreamio.file;

import org.datastreamio.testing.LoopbackS3;
import org.datastreamio.testing.LoopbackStorage;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Arrow files on S3 (S3Proxy on loopback) through Beam's AWS SDK v2 S3 filesystem. */
class S3RoundTripTest extends StorageRoundTripContract {
  @RegisterExtension static final LoopbackS3 S3 = new LoopbackS3();

  @Override
  LoopbackStorage storage() {
    return S3;
  }
}
