namespace ClinicOps.Application.Common;

/// <summary>
/// The identity of background work: a named job working for one site. Jobs run under it explicitly, so site scope
/// (the query filters) and the audit trail hold for them as they do for requests; nothing relies on "no HTTP context".
/// </summary>
/// <param name="Job">The job's name, e.g. <c>reminders</c>.</param>
/// <param name="SiteId">The site it works for.</param>
public sealed record SystemActor(string Job, Guid SiteId)
{
    /// <summary>The role a system actor holds in audit entries.</summary>
    public const string Role = "System";

    /// <summary>The subject written by stamping and audit: <c>system:&lt;job&gt;</c>.</summary>
    public string Subject => $"system:{Job}";
}

/// <summary>Who the current scope acts as when it is not an HTTP request: set once, by the job that opened the scope.</summary>
public sealed class ActorContext
{
    /// <summary>The system actor of this scope, if a job set one.</summary>
    public SystemActor? System { get; private set; }

    /// <summary>Makes this scope act as <paramref name="actor"/>; a scope never changes identity once set.</summary>
    public void ActAs(SystemActor actor)
    {
        if (System is not null && System != actor)
        {
            throw new InvalidOperationException("A scope acts as one system actor only.");
        }

        System = actor;
    }
}
