/** Why the installer stopped, and what the user does about it (the node turns it into a NodeOperationError). */
export class KitRefusal extends Error {
	constructor(
		message: string,
		readonly description: string,
	) {
		super(message);
		this.name = 'KitRefusal';
	}
}
