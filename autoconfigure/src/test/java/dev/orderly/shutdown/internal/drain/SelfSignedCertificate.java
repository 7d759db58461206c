package dev.orderly.shutdown.internal.drain;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for {@code 127.0.0.1} and {@code localhost}, made by the JDK's
 * {@code keytool} in a PKCS12 key store, for a test server on TLS; and a client
 * {@link SSLContext} that trusts exactly that certificate, so hostname verification stays on.
 */
final class SelfSignedCertificate {

	static final String PASSWORD = "changeit";

	static final String ALIAS = "server";

	private final Path keyStore;

	private SelfSignedCertificate(Path keyStore) {
		this.keyStore = keyStore;
	}

	static SelfSignedCertificate create(Path directory) throws Exception {
		Path keyStore = directory.resolve("server.p12");
		Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
		Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", ALIAS, "-keyalg",
				"EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-dname", "CN=localhost", "-ext",
				"SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore",
				keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD))
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes());
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IllegalStateException("keytool failed: " + output);
		}
		return new SelfSignedCertificate(keyStore);
	}

	/**
	 * The Spring Boot properties that serve this certificate.
	 * @return {@code server.ssl.*} properties
	 */
	List<String> serverProperties() {
		return List.of("server.ssl.key-store=file:" + this.keyStore, "server.ssl.key-store-type=PKCS12",
				"server.ssl.key-store-password=" + PASSWORD, "server.ssl.key-alias=" + ALIAS);
	}

	/**
	 * A client context that trusts this certificate only.
	 * @return the context
	 */
	SSLContext clientContext() throws Exception {
		KeyStore trusted = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(this.keyStore)) {
			trusted.load(in, PASSWORD.toCharArray());
		}
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trust.init(trusted);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, trust.getTrustManagers(), null);
		return context;
	}

}
