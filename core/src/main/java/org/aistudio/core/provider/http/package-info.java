/**
 * The seam between the adapters that stream over HTTP and the client they run on: a request goes
 * out once, and its response comes back as a status, headers and pieces of body. The JDK
 * {@link java.net.http.HttpClient} serves by default ({@link org.aistudio.core.provider.http.JdkStreamingHttp});
 * a host may give a client of its own, for example one on its own event loop.
 */
package org.aistudio.core.provider.http;
