/**
 * A round-robin TCP balancer for benchmarks: each client connection goes to the next upstream
 * server in turn, bytes piped both ways — what a reverse proxy without sticky sessions does in
 * front of several app instances, at the cost of one extra hop on loopback.
 */
import { connect, createServer, type Socket } from 'node:net';

export interface Balancer {
	url: string;
	close: () => Promise<void>;
}

export function startBalancer(upstreams: string[]): Promise<Balancer> {
	const targets = upstreams.map((url) => new URL(url));
	let next = 0;
	const sockets = new Set<Socket>();
	const server = createServer((client) => {
		const target = targets[next++ % targets.length]!;
		const upstream = connect(Number(target.port), target.hostname);
		for (const socket of [client, upstream]) {
			sockets.add(socket);
			socket.setNoDelay(true);
			socket.on('close', () => sockets.delete(socket));
		}
		client.pipe(upstream).pipe(client);
		client.on('error', () => upstream.destroy());
		upstream.on('error', () => client.destroy());
	});
	return new Promise((resolve) =>
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			resolve({
				url: `http://127.0.0.1:${port}`,
				close: () =>
					new Promise((done) => {
						for (const socket of sockets) socket.destroy();
						server.close(() => done());
					})
			});
		})
	);
}
