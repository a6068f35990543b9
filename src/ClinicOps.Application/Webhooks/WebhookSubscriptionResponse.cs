using System.Security.Cryptography;
using ClinicOps.Domain.Webhooks;
using FluentValidation;

namespace ClinicOps.Application.Webhooks;

/// <summary>A webhook subscription (the secret is shown only when created or rotated).</summary>
/// <param name="Id" example="3a2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d">Subscription id.</param>
/// <param name="SiteId" example="5e1f0000-0000-4000-8000-000000000001">Site id.</param>
/// <param name="Url" example="https://frontdesk.example-clinic.com/hooks/clinicops">Where events are POSTed.</param>
/// <param name="EventTypes">Event types delivered; empty means all.</param>
/// <param name="Active">Deliveries are made only while active.</param>
/// <param name="PreviousSecretExpiresAt" example="2026-12-03T15:00:00+00:00">Until when the rotated-out secret still signs, if a rotation is in its overlap.</param>
/// <param name="Secret" example="whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw">The signing secret: only in the answer to a create or a rotation.</param>
public sealed record WebhookSubscriptionResponse(
    Guid Id, Guid SiteId, string Url, IReadOnlyList<string> EventTypes, bool Active, DateTimeOffset? PreviousSecretExpiresAt, string? Secret)
{
    internal static WebhookSubscriptionResponse From(WebhookSubscription s, DateTimeOffset now, bool withSecret = false) => new(
        s.Id, s.SiteId, s.Url, s.EventTypes, s.Active, s.PreviousSecretExpiresAt > now ? s.PreviousSecretExpiresAt : null, withSecret ? s.Secret : null);
}

/// <summary>Subscription URL and event-type rules shared by create and update.</summary>
internal static class WebhookRules
{
    /// <summary>A new random 32-byte <c>whsec_</c> secret (Standard Webhooks).</summary>
    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>http(s) only, absolute, no credentials, no fragment.</summary>
    public static bool IsAcceptableUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && string.IsNullOrEmpty(uri.UserInfo)
        && string.IsNullOrEmpty(uri.Fragment)
        && url!.Length <= 2000;

    public static IRuleBuilderOptions<T, string?> Url<T>(this IRuleBuilder<T, string?> rule) => rule
        .NotEmpty()
        .Must(IsAcceptableUrl)
        .WithMessage("An absolute http or https URL without credentials or fragment, up to 2000 characters.");

    public static IRuleBuilderOptions<T, IReadOnlyList<string>?> EventTypes<T>(this IRuleBuilder<T, IReadOnlyList<string>?> rule) => rule
        .Must(types => types is null || (types.All(t => Domain.Events.EventTypes.All.Contains(t)) && types.Distinct().Count() == types.Count))
        .WithMessage($"Distinct event types from: {string.Join(", ", Domain.Events.EventTypes.All)}.");
}
