/// Typing notifications: shown for as long as the agent asked, refreshed, and stopped when it answers.
import Logging
import MatrixClient
import Shared

extension OutboundExecutor {
    /// Shows the bot typing in `roomID` until `duration` has passed (the agent's `timeout_ms`), unless
    /// stopped earlier by `typing: false`, a message sent to the room, or a read receipt there (`done`).
    ///
    /// The server is asked for at most ``typingLease`` at a time; a refresh task asks again when
    /// three quarters of a lease have passed, until the agent's deadline. A new `typing: true` restarts
    /// the deadline. Best effort: failures are logged, except a rejected token, which is thrown.
    func startTyping(in roomID: String, for duration: Duration) async throws(TokenInvalidError) {
        typingRefreshes.removeValue(forKey: roomID)?.cancel()
        let deadline = ContinuousClock.now + duration
        let lease = min(duration, typingLease)
        do {
            try await client.setTyping(roomId: roomID, userId: userID.rawValue, typing: true, timeout: lease)
        } catch let error as MatrixError {
            if let tokenError = TokenInvalidError(error) { throw tokenError }
            logger.info("typing notification not shown", metadata: ["room": "\(roomID)", "error": "\(error)"])
        } catch {
            return
        }
        typingShown.insert(roomID)
        guard lease < duration else { return }
        typingRefreshes[roomID] = Task { [weak self, client, userID, logger, typingLease] in
            var lease = lease
            while true {
                do { try await Task.sleep(for: lease * 0.75) } catch { return }
                let remaining = deadline - ContinuousClock.now
                guard remaining > .zero else { return }
                lease = min(remaining, typingLease)
                do {
                    try await client.setTyping(roomId: roomID, userId: userID.rawValue, typing: true, timeout: lease)
                    await self?.countTypingRefresh()
                } catch is CancellationError {
                    return
                } catch {
                    logger.info("typing refresh failed", metadata: ["room": "\(roomID)", "error": "\(error)"])
                }
                guard lease < remaining else { return }
            }
        }
    }

    private func countTypingRefresh() { typingRefreshesSent += 1 }

    /// Stops the typing notification in `roomID`: always for the agent's `typing: false`, and for a
    /// send or receipt only when the bot was shown typing there since the last stop.
    func stopTyping(in roomID: String, always: Bool = false) async {
        typingRefreshes.removeValue(forKey: roomID)?.cancel()
        guard typingShown.remove(roomID) != nil || always else { return }
        do {
            try await client.setTyping(roomId: roomID, userId: userID.rawValue, typing: false)
        } catch {
            logger.debug("typing notification not stopped", metadata: ["room": "\(roomID)", "error": "\(error)"])
        }
    }
}
