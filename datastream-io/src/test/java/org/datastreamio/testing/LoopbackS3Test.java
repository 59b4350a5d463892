package org.datastreamio.testing;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The S3 harness: S3Proxy on loopback, reached through Beam's S3 filesystem (AWS SDK v2, path
 * style).
 */
class LoopbackS3Test extends LoopbackStorageContract {
  @RegisterExtension static final LoopbackS3 S3 = new LoopbackS3();

  @Override
  LoopbackStorage storage() {
    return S3;
  }
}
