/**
 * Runs `task` for indexes 0..count-1 with at most `limit` in flight, starting them in index order.
 * Once `keepGoing()` turns false no new task starts; tasks already in flight are awaited.
 */
export async function forEachConcurrently(
	count: number,
	limit: number,
	task: (index: number) => Promise<void>,
	keepGoing: () => boolean = () => true,
): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < count && keepGoing()) {
			const index = next++;
			await task(index);
		}
	};
	const workers = Array.from({ length: Math.min(limit, count) }, worker);
	await Promise.all(workers);
}
