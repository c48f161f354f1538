import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

type Shown = NonNullable<IDisplayOptions['show']>;

interface TargetFieldSpec {
	name: string;
	displayName: string;
	placeholder: string;
	description: string;
	/** How a webhook's value is mapped, e.g. `{{ $json.body.extension }}`. */
	mapping: string;
	/** What else the hint says. */
	note: string;
	required: boolean;
	show: Shown;
	/** The listSearch method behind "From List". */
	searchListMethod: 'searchExtensions' | 'searchCalls';
}

/**
 * An extension or call ID field. Node version 1 saved it as plain text and keeps that field, so
 * its workflows open and run unchanged; from version 2 it is a resource locator: picked from
 * Voicenter's live calls, or typed/mapped By ID. Both give the same text to the operation.
 */
export function targetField({ show, searchListMethod, placeholder, mapping, note, ...shared }: TargetFieldSpec): INodeProperties[] {
	return [
		{
			...shared,
			hint: `From a webhook, map it with an expression such as ${mapping}. ${note}`,
			type: 'string',
			default: '',
			placeholder,
			displayOptions: { show: { ...show, '@version': [1] } },
		},
		{
			...shared,
			hint: `Pick a live one to try the node out. From a webhook, choose By ID and map it with an expression such as ${mapping}. ${note}`,
			type: 'resourceLocator',
			default: { mode: 'list', value: '' },
			displayOptions: { show: { ...show, '@version': [{ _cnd: { gte: 2 } }] } },
			modes: [
				{
					displayName: 'From List',
					name: 'list',
					type: 'list',
					typeOptions: { searchListMethod, searchable: true },
				},
				{ displayName: 'By ID', name: 'id', type: 'string', placeholder },
			],
		},
	];
}
