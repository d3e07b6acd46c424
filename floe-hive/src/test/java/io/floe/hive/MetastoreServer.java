package io.floe.hive;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hive.conf.HiveConf;
import org.apache.hadoop.hive.metastore.HiveMetaStore;
import org.apache.hadoop.hive.metastore.IHMSHandler;
import org.apache.hadoop.hive.metastore.RetryingHMSHandler;
import org.apache.hadoop.hive.metastore.TSetIpAddressProcessor;
import org.apache.hadoop.hive.metastore.txn.TxnDbUtil;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.server.TThreadPoolServer;
import org.apache.thrift.transport.TServerSocket;
import org.apache.thrift.transport.TTransportFactory;

/**
 * A Hive Metastore 2.3 on an embedded Derby database, serving Thrift on 127.0.0.1 only: the main
 * class of the separate process {@link MetastoreProcess} starts. Arguments: the folder for the
 * database and warehouse, and the file to write the port to once the server listens.
 */
public final class MetastoreServer {
  private MetastoreServer() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]).toAbsolutePath();
    Path portFile = Path.of(args[1]);
    HiveConf conf = new HiveConf(new Configuration(), MetastoreServer.class);
    String url = "jdbc:derby:;databaseName=" + dir.resolve("metastore_db") + ";create=true";
    conf.set(HiveConf.ConfVars.METASTORECONNECTURLKEY.varname, url);
    conf.set(HiveConf.ConfVars.METASTOREWAREHOUSE.varname, dir.resolve("warehouse").toString());
    conf.set("datanucleus.schema.autoCreateAll", "true");
    conf.set("hive.metastore.schema.verification", "false");
    conf.set("hive.metastore.disallow.incompatible.col.type.changes", "false");
    // without hive-exec: Iceberg tables have no Hive partitions to filter
    conf.set(
        "hive.metastore.expression.proxy",
        "org.apache.hadoop.hive.metastore.DefaultPartitionExpressionProxy");
    // the lock and transaction tables Iceberg's commits lock through
    conf.set("hive.txn.manager", "org.apache.hadoop.hive.ql.lockmgr.DbTxnManager");
    conf.set("hive.support.concurrency", "true");
    TxnDbUtil.setConfValues(conf);
    TxnDbUtil.prepDb(conf);

    TServerSocket socket =
        new TServerSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    HiveMetaStore.HMSHandler base = new HiveMetaStore.HMSHandler("floe test metastore", conf);
    IHMSHandler handler = RetryingHMSHandler.getProxy(conf, base, false);
    TThreadPoolServer server =
        new TThreadPoolServer(
            new TThreadPoolServer.Args(socket)
                .processor(new TSetIpAddressProcessor<>(handler))
                .transportFactory(new TTransportFactory())
                .protocolFactory(new TBinaryProtocol.Factory())
                .minWorkerThreads(4)
                .maxWorkerThreads(32));
    int port = socket.getServerSocket().getLocalPort();
    Path tmp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
    Files.writeString(tmp, Integer.toString(port), StandardCharsets.UTF_8);
    Files.move(tmp, portFile, StandardCopyOption.ATOMIC_MOVE);
    server.serve();
  }
}
