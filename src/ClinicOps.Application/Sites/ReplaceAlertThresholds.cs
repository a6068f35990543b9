using ClinicOps.Application.Common;
using ClinicOps.Domain.TreatmentDay;
using FluentValidation;
using MediatR;

namespace ClinicOps.Application.Sites;

/// <summary>The vitals values that raise an alert at a site during observation.</summary>
public sealed record AlertThresholdsRequest
{
    /// <summary>Alert when systolic is at or above this, 120-250 mmHg (default 180).</summary>
    /// <example>180</example>
    public int? SystolicAtOrAbove { get; init; }

    /// <summary>Alert when diastolic is at or above this, 70-150 mmHg (default 110).</summary>
    /// <example>110</example>
    public int? DiastolicAtOrAbove { get; init; }

    /// <summary>Alert when SpO2 is below this, 80-98 percent (default 90).</summary>
    /// <example>90</example>
    public int? SpO2Below { get; init; }

    /// <summary>Alert when the respiratory rate is below this, 4-16 per minute (default 8).</summary>
    /// <example>8</example>
    public int? RespiratoryRateBelow { get; init; }

    /// <summary>Alert when the heart rate is below this, 30-70 per minute (default 40).</summary>
    /// <example>40</example>
    public int? HeartRateBelow { get; init; }

    /// <summary>Alert when the heart rate is above this, 100-180 per minute (default 130).</summary>
    /// <example>130</example>
    public int? HeartRateAbove { get; init; }

    /// <summary>Alert when MOAA/S is at or below this, 0-4 (default 2).</summary>
    /// <example>2</example>
    public int? MoaasAtOrBelow { get; init; }
}

/// <summary>A site's alert thresholds.</summary>
/// <param name="SiteId" example="5e1f0000-0000-4000-8000-000000000001">Site id.</param>
/// <param name="SystolicAtOrAbove" example="180">Systolic alert, mmHg.</param>
/// <param name="DiastolicAtOrAbove" example="110">Diastolic alert, mmHg.</param>
/// <param name="SpO2Below" example="90">SpO2 alert, percent.</param>
/// <param name="RespiratoryRateBelow" example="8">Respiratory rate alert, per minute.</param>
/// <param name="HeartRateBelow" example="40">Low heart rate alert, per minute.</param>
/// <param name="HeartRateAbove" example="130">High heart rate alert, per minute.</param>
/// <param name="MoaasAtOrBelow" example="2">Deep sedation alert, MOAA/S.</param>
public sealed record AlertThresholdsResponse(
    Guid SiteId, int SystolicAtOrAbove, int DiastolicAtOrAbove, int SpO2Below, int RespiratoryRateBelow, int HeartRateBelow, int HeartRateAbove, int MoaasAtOrBelow)
{
    internal static AlertThresholdsResponse From(Guid siteId, AlertThresholds t) => new(
        siteId, t.SystolicAtOrAbove, t.DiastolicAtOrAbove, t.SpO2Below, t.RespiratoryRateBelow, t.HeartRateBelow, t.HeartRateAbove, t.MoaasAtOrBelow);
}

/// <summary>Replaces a site's alert thresholds (full replacement; new readings are checked against them).</summary>
/// <param name="SiteId">Site id.</param>
/// <param name="ExpectedVersion">Version from <c>If-Match</c>.</param>
/// <param name="Thresholds">The thresholds.</param>
public sealed record ReplaceAlertThresholds(Guid SiteId, int? ExpectedVersion, AlertThresholdsRequest Thresholds) : IRequest<Versioned<AlertThresholdsResponse>>;

/// <summary>Reads a site's alert thresholds.</summary>
/// <param name="SiteId">Site id.</param>
public sealed record GetAlertThresholds(Guid SiteId) : IRequest<Versioned<AlertThresholdsResponse>>;

/// <summary>Rules for <see cref="ReplaceAlertThresholds"/>.</summary>
public sealed class ReplaceAlertThresholdsValidator : AbstractValidator<ReplaceAlertThresholds>
{
    /// <summary>Creates the validator.</summary>
    public ReplaceAlertThresholdsValidator()
    {
        RuleFor(r => r.Thresholds.SystolicAtOrAbove).NotNull().InclusiveBetween(120, 250).OverridePropertyName("systolicAtOrAbove");
        RuleFor(r => r.Thresholds.DiastolicAtOrAbove).NotNull().InclusiveBetween(70, 150).OverridePropertyName("diastolicAtOrAbove");
        RuleFor(r => r.Thresholds.SpO2Below).NotNull().InclusiveBetween(80, 98).OverridePropertyName("spO2Below");
        RuleFor(r => r.Thresholds.RespiratoryRateBelow).NotNull().InclusiveBetween(4, 16).OverridePropertyName("respiratoryRateBelow");
        RuleFor(r => r.Thresholds.HeartRateBelow).NotNull().InclusiveBetween(30, 70).OverridePropertyName("heartRateBelow");
        RuleFor(r => r.Thresholds.HeartRateAbove).NotNull().InclusiveBetween(100, 180).OverridePropertyName("heartRateAbove");
        RuleFor(r => r.Thresholds.MoaasAtOrBelow).NotNull().InclusiveBetween(0, 4).OverridePropertyName("moaasAtOrBelow");
    }
}

/// <summary>Handles the alert-threshold use cases.</summary>
public sealed class AlertThresholdsHandler(IClinicOpsDbContext db, ICurrentUser user) :
    IRequestHandler<ReplaceAlertThresholds, Versioned<AlertThresholdsResponse>>,
    IRequestHandler<GetAlertThresholds, Versioned<AlertThresholdsResponse>>
{
    /// <inheritdoc />
    public async Task<Versioned<AlertThresholdsResponse>> Handle(ReplaceAlertThresholds request, CancellationToken cancellationToken)
    {
        var site = await SiteAccess.FindCallersSiteAsync(db, user, request.SiteId, cancellationToken);
        if (request.ExpectedVersion is { } expected && expected != site.Version)
        {
            throw new PreconditionFailedException("Site", site.Version);
        }

        var t = request.Thresholds;
        site.SetAlertThresholds(new AlertThresholds
        {
            SystolicAtOrAbove = t.SystolicAtOrAbove!.Value,
            DiastolicAtOrAbove = t.DiastolicAtOrAbove!.Value,
            SpO2Below = t.SpO2Below!.Value,
            RespiratoryRateBelow = t.RespiratoryRateBelow!.Value,
            HeartRateBelow = t.HeartRateBelow!.Value,
            HeartRateAbove = t.HeartRateAbove!.Value,
            MoaasAtOrBelow = t.MoaasAtOrBelow!.Value,
        });
        await db.SaveChangesAsync(cancellationToken);
        return new Versioned<AlertThresholdsResponse>(AlertThresholdsResponse.From(site.Id, site.AlertThresholds), site.Version);
    }

    /// <inheritdoc />
    public async Task<Versioned<AlertThresholdsResponse>> Handle(GetAlertThresholds request, CancellationToken cancellationToken)
    {
        var site = await SiteAccess.FindCallersSiteAsync(db, user, request.SiteId, cancellationToken);
        return new Versioned<AlertThresholdsResponse>(AlertThresholdsResponse.From(site.Id, site.AlertThresholds), site.Version);
    }
}
