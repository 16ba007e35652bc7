import CDRModel

extension KazooClient {
  /// Exchanges the API key or the credentials for a token (`PUT /v2/api_auth`,
  /// `PUT /v2/user_auth`). A given token is returned as it is.
  func login() async throws(KazooClientError) -> String {
    let segments: [String]
    let data: [String: JSONValue]
    switch authentication {
    case .token(let token):
      return token
    case .apiKey(let key):
      segments = ["api_auth"]
      data = ["api_key": .string(key)]
    case .credentials(let username, let password, let account):
      segments = ["user_auth"]
      let member = account.member
      data = [
        "credentials": .string(
          KazooAuthentication.credentialsHash(username: username, password: password)),
        "method": "md5",
        member.key: .string(member.value),
      ]
    }
    var body: [UInt8] = []
    JSONValue.object(["data": .object(data)]).write(to: &body)
    let request = _Request(method: "PUT", segments: segments, body: body, authenticated: false)
    let response: _Response
    do {
      response = try await send(request)
    } catch {
      // A refused login (401, or 404 for an unknown API key) is an authorization failure.
      if case .api(let apiError) = error, (400..<500).contains(apiError.httpStatus) {
        throw .unauthorized(apiError)
      }
      throw error
    }
    guard let envelope = try? JSONValue(parsing: response.body),
      let token = envelope["auth_token"]?.stringValue, !token.isEmpty
    else {
      throw .invalidResponse("\(request.summary) returned no auth_token")
    }
    return token
  }
}
