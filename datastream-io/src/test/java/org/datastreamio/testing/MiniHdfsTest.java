package org.datastreamio.testing;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The HDFS harness: a MiniDFSCluster on loopback, reached through Beam's Hadoop filesystem. */
class MiniHdfsTest extends LoopbackStorageContract {
  @RegisterExtension static final MiniHdfs HDFS = new MiniHdfs();

  @Override
  LoopbackStorage storage() {
    return HDFS;
  }
}
