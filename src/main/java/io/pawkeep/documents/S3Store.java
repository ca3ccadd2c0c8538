package io.pawkeep.documents;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.NoSuchFileException;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The object store in any S3-compatible service (FILE-2), through AWS SDK v2: an endpoint override
 * and path-style addressing for services other than AWS, checksums only where the service requires
 * them (many compatible services reject the SDK's newer defaults). Uploads and downloads are
 * streamed: the length is known up front, so nothing is buffered whole. The bytes are already
 * encrypted per tenant ({@link FileCipher}): the service never holds anything it could read.
 */
final class S3Store implements ObjectStore, AutoCloseable {

  private final S3Client s3;
  private final String bucket;

  S3Store(ObjectStoreProperties.S3 settings) {
    var builder =
        S3Client.builder()
            .region(Region.of(settings.region()))
            .credentialsProvider(credentials(settings))
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .serviceConfiguration(
                S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build());
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint());
    }
    this.s3 = builder.build();
    this.bucket = settings.bucket();
  }

  @Override
  public void put(String key, InputStream content, long length) throws IOException {
    ObjectStore.requireKey(key);
    try {
      s3.putObject(
          b -> b.bucket(bucket).key(key).contentLength(length),
          RequestBody.fromInputStream(content, length));
    } catch (RuntimeException e) {
      // Besides its own exceptions, the SDK throws an IllegalStateException when it would retry a
      // failed upload but cannot rewind the stream: either way the upload failed.
      throw new IOException("the object could not be stored", e);
    }
  }

  @Override
  public InputStream get(String key) throws IOException {
    ObjectStore.requireKey(key);
    try {
      return s3.getObject(b -> b.bucket(bucket).key(key));
    } catch (NoSuchKeyException e) {
      throw new NoSuchFileException("no object under this key");
    } catch (SdkException e) {
      throw new IOException("the object could not be read", e);
    }
  }

  /**
   * A channel over the object that reads it by ranged GETs, each at least {@link
   * S3ObjectChannel#MIN_READ_AHEAD} bytes, so seeking costs one request instead of the bytes
   * before.
   */
  @Override
  public SeekableByteChannel channel(String key) throws IOException {
    ObjectStore.requireKey(key);
    long size;
    try {
      size = s3.headObject(b -> b.bucket(bucket).key(key)).contentLength();
    } catch (NoSuchKeyException e) {
      throw new NoSuchFileException("no object under this key");
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        throw new NoSuchFileException("no object under this key");
      }
      throw new IOException("the object could not be looked up", e);
    } catch (SdkException e) {
      throw new IOException("the object could not be looked up", e);
    }
    return new S3ObjectChannel(size, (from, to) -> range(key, from, to));
  }

  private byte[] range(String key, long from, long to) throws IOException {
    try {
      return s3.getObject(
              b -> b.bucket(bucket).key(key).range("bytes=" + from + "-" + to),
              ResponseTransformer.toBytes())
          .asByteArrayUnsafe();
    } catch (NoSuchKeyException e) {
      throw new NoSuchFileException("no object under this key");
    } catch (SdkException e) {
      throw new IOException("the object could not be read", e);
    }
  }

  @Override
  public boolean delete(String key) throws IOException {
    boolean existed = exists(key);
    try {
      s3.deleteObject(b -> b.bucket(bucket).key(key));
    } catch (SdkException e) {
      throw new IOException("the object could not be deleted", e);
    }
    return existed;
  }

  @Override
  public boolean exists(String key) throws IOException {
    ObjectStore.requireKey(key);
    try {
      s3.headObject(b -> b.bucket(bucket).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw new IOException("the object could not be looked up", e);
    } catch (SdkException e) {
      throw new IOException("the object could not be looked up", e);
    }
  }

  @Override
  public List<String> list(String folder) throws IOException {
    ObjectStore.requireFolder(folder);
    try {
      return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(folder)).contents().stream()
          .map(o -> o.key())
          .filter(key -> ObjectStore.NAMED.matcher(key).matches())
          .toList();
    } catch (SdkException e) {
      throw new IOException("the objects could not be listed", e);
    }
  }

  @Override
  public void close() {
    s3.close();
  }

  private static AwsCredentialsProvider credentials(ObjectStoreProperties.S3 settings) {
    if (settings.accessKeyId().isBlank()) {
      return DefaultCredentialsProvider.builder().build();
    }
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey()));
  }
}
