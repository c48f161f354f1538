// Package entry: the compiled node and credential classes (n8n itself loads them through the
// "n8n" block of package.json).
module.exports = {
	VoicenterRecording: require('./dist/nodes/Voicenter/VoicenterRecording.node.js').VoicenterRecording,
	VoicenterTrigger: require('./dist/nodes/Voicenter/VoicenterTrigger.node.js').VoicenterTrigger,
	VoicenterPauseLedger: require('./dist/nodes/Voicenter/VoicenterPauseLedger.node.js').VoicenterPauseLedger,
	VoicenterKit: require('./dist/nodes/Voicenter/VoicenterKit.node.js').VoicenterKit,
	VoicenterApi: require('./dist/credentials/VoicenterApi.credentials.js').VoicenterApi,
	VoicenterKitN8nApi: require('./dist/credentials/VoicenterKitN8nApi.credentials.js').VoicenterKitN8nApi,
};
