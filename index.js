// Package entry: the compiled node and credential classes (n8n itself loads them through the
// "n8n" block of package.json).
module.exports = {
	VoicenterRecording: require('./dist/nodes/Voicenter/VoicenterRecording.node.js').VoicenterRecording,
	VoicenterTrigger: require('./dist/nodes/Voicenter/VoicenterTrigger.node.js').VoicenterTrigger,
	VoicenterPauseLedger: require('./dist/nodes/Voicenter/VoicenterPauseLedger.node.js').VoicenterPauseLedger,
	VoicenterApi: require('./dist/credentials/VoicenterApi.credentials.js').VoicenterApi,
};
