"""pyarrow_flight for `datastream bench`: pyarrow's own Flight DoPut then DoGet of the bench dataset.

Usage: python pyarrow_flight_bench.py DATASET.arrow
Reads the dataset (an Arrow IPC file the bench wrote) untimed, starts an in-memory pyarrow Flight
server on 127.0.0.1, then times one DoPut of every batch and one DoGet of them all. Prints one JSON
line: rows received, seconds, peak resident MB of this process.
"""
import json
import resource
import sys
import threading
import time

import pyarrow as pa
import pyarrow.flight as fl


class MemoryServer(fl.FlightServerBase):
    def __init__(self):
        super().__init__("grpc://127.0.0.1:0")
        self.tables = {}
        self.lock = threading.Lock()

    def do_put(self, context, descriptor, reader, writer):
        table = reader.read_all()
        with self.lock:
            self.tables[descriptor.path[0]] = table

    def do_get(self, context, ticket):
        with self.lock:
            table = self.tables[ticket.ticket]
        return fl.RecordBatchStream(table)


def peak_resident_mb():
    # VmHWM belongs to this process image; ru_maxrss would carry over the JVM's peak across exec.
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1000.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1000.0


def main(path):
    with pa.memory_map(path) as source:
        table = pa.ipc.open_file(source).read_all()
    server = MemoryServer()
    client = fl.connect("grpc://127.0.0.1:%d" % server.port)
    start = time.perf_counter()
    cpu_start = time.process_time()
    writer, _ = client.do_put(fl.FlightDescriptor.for_path("bench"), table.schema)
    for batch in table.to_batches():
        writer.write_batch(batch)
    writer.close()
    rows = 0
    for chunk in client.do_get(fl.Ticket(b"bench")):
        rows += chunk.data.num_rows
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    peak_mb = peak_resident_mb()
    client.close()
    server.shutdown()
    print(json.dumps({"rows": rows, "seconds": seconds, "cpu_seconds": cpu_seconds, "peak_mb": peak_mb}))


if __name__ == "__main__":
    main(sys.argv[1])
