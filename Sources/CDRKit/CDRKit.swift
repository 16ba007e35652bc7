// The umbrella module: `import CDRKit` gives every CDRKit module.
@_exported import CDRModel
@_exported import CDRTime
@_exported import CDRInteractions
