package dev.dvj.remote;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.endpoints.AwsEndpointAttribute;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.services.s3.endpoints.S3EndpointParams;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The fixed endpoint of path-style stores; S3DatabaseTest signs real requests through it. */
class PathStyleEndpointTest {

    private static Endpoint resolve(PathStyleEndpoint provider, String bucket) {
        return provider.resolveEndpoint(S3EndpointParams.builder().bucket(bucket).build()).join();
    }

    @Test
    void theBucketFollowsTheConfiguredUrl() {
        assertEquals(URI.create("http://127.0.0.1:9000/data"),
                resolve(new PathStyleEndpoint(URI.create("http://127.0.0.1:9000")), "data").url());
        assertEquals(URI.create("https://store.example.com/s3/data"),
                resolve(new PathStyleEndpoint(URI.create("https://store.example.com/s3/")), "data").url());
    }

    @Test
    void namesNoAuthSchemeSoTheSdkSignsWithItsS3Default() {
        assertNull(resolve(new PathStyleEndpoint(URI.create("http://127.0.0.1:9000")), "data")
                .attribute(AwsEndpointAttribute.AUTH_SCHEMES));
    }

    @Test
    void buildsEachBucketsEndpointOnceAndFollowsAChange() {
        PathStyleEndpoint provider = new PathStyleEndpoint(URI.create("http://127.0.0.1:9000"));
        Endpoint first = resolve(provider, "data");
        assertSame(first, resolve(provider, "data"));
        assertEquals(URI.create("http://127.0.0.1:9000/other"), resolve(provider, "other").url());
        assertEquals(URI.create("http://127.0.0.1:9000/data"), resolve(provider, "data").url());
    }

    @Test
    void requestsWithoutABucketGoToTheStoreItself() {
        assertEquals(URI.create("http://127.0.0.1:9000"),
                provider().resolveEndpoint(S3EndpointParams.builder().build()).join().url());
    }

    private static PathStyleEndpoint provider() {
        return new PathStyleEndpoint(URI.create("http://127.0.0.1:9000/"));
    }
}
