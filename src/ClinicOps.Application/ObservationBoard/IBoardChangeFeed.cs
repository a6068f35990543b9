namespace ClinicOps.Application.ObservationBoard;

/// <summary>
/// Where the observation board learns that a site changed: "changes for site S after sequence N", reduced to the
/// site's change sequence. The sequence is derived from the database, never from one instance's memory, so every
/// instance of the API agrees on it; it never decreases and grows with every committed change to the site's treatment
/// sessions, readings and alerts. Event ids and catch-up of the board stream come from it (docs/decisions/0014).
/// </summary>
public interface IBoardChangeFeed
{
    /// <summary>The site's current change sequence.</summary>
    Task<long> SequenceAsync(Guid siteId, CancellationToken cancellationToken);
}
