/**
 * Where a run's files live and how every stage reaches them: {@link io.chfen.storage.Storage} (one
 * API over local disks and Beam's file systems, {@code s3://} among them), {@link
 * io.chfen.storage.StoredRecords} (Parquet records and the shards' manifest wherever they are),
 * {@link io.chfen.storage.Scratch} (a worker's local working folder), {@link
 * io.chfen.storage.OutputLock} (one run per output: a file lock on disk, a lease in a bucket), the
 * S3 options and client ({@link io.chfen.storage.StorageOptions}, {@link
 * io.chfen.storage.S3Clients}) and {@link io.chfen.storage.LocalS3} (S3Proxy on loopback). No stage
 * logic, no layout names (those are {@code io.chfen.layout}'s).
 */
package io.chfen.storage;
