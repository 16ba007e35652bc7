import CDRModel

extension CallDetailRecord {
  /// The document as KAZOO's `GET /cdrs/{id}` and `/cdrs/legs/{id}` return it
  /// (`crossbar_doc:public_and_read_only`): every key starting with `_` or `pvt_` removed,
  /// and `id` set to the stored `_id` (when there is one).
  public var publicDocument: JSONValue {
    var object = jsonObject.filter { !$0.key.hasPrefix("_") && !$0.key.hasPrefix("pvt_") }
    if let documentID { object["id"] = .string(documentID) }
    return .object(object)
  }
}
