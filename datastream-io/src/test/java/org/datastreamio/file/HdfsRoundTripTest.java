package org.datastreamio.file;

import org.datastreamio.testing.LoopbackStorage;
import org.datastreamio.testing.MiniHdfs;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Arrow files on HDFS (a MiniDFSCluster on loopback) through Beam's Hadoop filesystem. */
class HdfsRoundTripTest extends StorageRoundTripContract {
  @RegisterExtension static final MiniHdfs HDFS = new MiniHdfs();

  @Override
  LoopbackStorage storage() {
    return HDFS;
  }
}
