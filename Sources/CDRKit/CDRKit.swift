// The umbrella module: `import CDRKit` gives every CDRKit module.
@_exported import CDRCSV
@_exported import CDREvents
@_exported import CDRInteractions
@_exported import CDRModel
@_exported import CDRPaging
@_exported import CDRTime
@_exported import CDRValidation
