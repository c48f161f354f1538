/**
 * A TCP proxy that puts a network distance between its clients and a local server: a round-trip
 * time (RTT) set in milliseconds, modelled as a one-way delay of RTT/2 on every chunk of bytes in
 * each direction, and one RTT for TCP's handshake on every new connection.
 *
 * What exactly is modelled (what `tc netem` on a real link would do for small messages):
 * - Each chunk read from one side is written to the other RTT/2 after it arrived, in order. With
 *   no bandwidth limit, a constant one-way delay per chunk is the same as per packet: the proxy
 *   only ever merges packets that reached it together.
 * - TCP's handshake (SYN, SYN-ACK) cannot be delayed from user space: the kernel completes it at
 *   once on loopback. On a real link the client's first byte leaves one RTT after it started to
 *   connect, so the proxy holds everything the client sends until one RTT after the connection
 *   was accepted, then adds RTT/2. A new connection therefore costs the client one RTT before its
 *   first byte arrives, TLS 1.3 one more, and a request one more: 3 RTTs for a request on a new
 *   HTTPS connection, 1 RTT on a connection kept open. The client sees its `connect` at once and
 *   the TCP round trip inside the TLS handshake's time.
 * - Not modelled: bandwidth, loss, jitter, slow start, and the DNS look-up of a real host name.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface WanProxyOptions {
	/** Where the real server listens (on 127.0.0.1). */
	targetPort: number;
	rttMs: number;
	/** The proxy's own port; 0 (default) for a free one. */
	port?: number;
	host?: string;
}

export interface WanProxy {
	port: number;
	rttMs: number;
	close(): Promise<void>;
}

/** Writes chunks to `to` at the times they are due, in order, with one timer at a time. */
class DelayedPipe {
	private readonly queue: Array<{ due: number; chunk: Buffer | null }> = [];
	private timer: NodeJS.Timeout | undefined;
	/** When the last chunk arrived, or was allowed to leave: a later chunk never overtakes it. */
	private lastStart = 0;

	constructor(
		private readonly to: net.Socket,
		private readonly notBefore: number,
		private readonly delayMs: number,
	) {}

	/** `null` ends the other side once the chunks before it are written. */
	push(chunk: Buffer | null): void {
		this.lastStart = Math.max(performance.now(), this.notBefore, this.lastStart);
		this.queue.push({ due: this.lastStart + this.delayMs, chunk });
		this.schedule();
	}

	stop(): void {
		clearTimeout(this.timer);
		this.queue.length = 0;
	}

	private schedule(): void {
		if (this.timer !== undefined || this.queue.length === 0) return;
		this.timer = setTimeout(() => this.flush(), Math.max(0, this.queue[0].due - performance.now()));
	}

	private flush(): void {
		this.timer = undefined;
		const now = performance.now();
		while (this.queue.length > 0 && this.queue[0].due <= now + 1) {
			const { chunk } = this.queue.shift()!;
			if (this.to.destroyed) return this.stop();
			if (chunk === null) this.to.end();
			else this.to.write(chunk);
		}
		this.schedule();
	}
}

/**
 * Both sockets are half-open capable: an end (FIN) travels to the other side with the same delay
 * as the bytes before it, and each side closes once both directions have ended. A reset or an
 * error on either side destroys both at once.
 */
function relay(client: net.Socket, targetPort: number, host: string, rttMs: number): void {
	const acceptedAt = performance.now();
	const server = net.connect({ port: targetPort, host, noDelay: true, allowHalfOpen: true });
	const up = new DelayedPipe(server, acceptedAt + rttMs, rttMs / 2);
	const down = new DelayedPipe(client, 0, rttMs / 2);
	client.on('data', (chunk: Buffer) => up.push(chunk));
	client.on('end', () => up.push(null));
	server.on('data', (chunk: Buffer) => down.push(chunk));
	server.on('end', () => down.push(null));
	const teardown = () => {
		up.stop();
		down.stop();
		client.destroy();
		server.destroy();
	};
	client.on('error', teardown);
	server.on('error', teardown);
	client.on('close', (hadError) => hadError && teardown());
	server.on('close', (hadError) => hadError && teardown());
}

export function startWanProxy(options: WanProxyOptions): Promise<WanProxy> {
	const host = options.host ?? '127.0.0.1';
	const sockets = new Set<net.Socket>();
	const proxy = net.createServer({ noDelay: true, allowHalfOpen: true }, (client) => {
		sockets.add(client);
		client.on('close', () => sockets.delete(client));
		relay(client, options.targetPort, host, options.rttMs);
	});
	return new Promise((resolve, reject) => {
		proxy.once('error', reject);
		proxy.listen(options.port ?? 0, host, () => {
			proxy.off('error', reject);
			resolve({
				port: (proxy.address() as AddressInfo).port,
				rttMs: options.rttMs,
				close: () =>
					new Promise((closed) => {
						proxy.close(() => closed());
						for (const socket of sockets) socket.destroy();
					}),
			});
		});
	});
}
