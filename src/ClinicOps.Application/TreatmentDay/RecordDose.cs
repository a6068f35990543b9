using ClinicOps.Application.Common;
using ClinicOps.Application.Inventory;
using ClinicOps.Domain.Inventory;
using ClinicOps.Domain.Screening;
using ClinicOps.Domain.TreatmentDay;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.TreatmentDay;

/// <summary>One esketamine device used.</summary>
public sealed record DeviceRequest
{
    /// <summary>Device lot number (1-32 characters).</summary>
    /// <example>24JG123</example>
    public string? LotNumber { get; init; }

    /// <summary>When the patient used it, as charted (defaults to now).</summary>
    /// <example>2026-12-03T15:10:00+00:00</example>
    public DateTimeOffset? AdministeredAt { get; init; }
}

/// <summary>The dose: esketamine devices, or an IV infusion's start.</summary>
public sealed record DoseRequest
{
    /// <summary>Esketamine: 56 or 84 mg (one 28 mg device each), as the protocol allows for this phase and session.</summary>
    /// <example>56</example>
    public int? DoseMg { get; init; }

    /// <summary>Esketamine: the devices in the order used, one per 28 mg.</summary>
    public IReadOnlyList<DeviceRequest>? Devices { get; init; }

    /// <summary>IV ketamine: the patient's weight, 20-300 kg.</summary>
    /// <example>72.5</example>
    public decimal? WeightKg { get; init; }

    /// <summary>IV ketamine: mg per kg, within the protocol's range (0.1-0.75; usually 0.5).</summary>
    /// <example>0.5</example>
    public decimal? MgPerKg { get; init; }

    /// <summary>IV ketamine: when the infusion started, as charted (defaults to now).</summary>
    /// <example>2026-12-03T15:05:00+00:00</example>
    public DateTimeOffset? InfusionStartedAt { get; init; }

    /// <summary>IV ketamine: the lot number of each vial used, one entry per vial (1-20), drawn from the site's stock.</summary>
    /// <example>["KX2291"]</example>
    public IReadOnlyList<string>? VialLotNumbers { get; init; }
}

/// <summary>
/// Records the dose after the pre-dose checks: 422 <c>session.dosing-blocked</c> lists each failing check and whether a
/// clinician may override it; 422 <c>session.dose-not-allowed</c> when the protocol does not allow the dose in this
/// phase; 422 <c>dose.lot-unavailable</c> when a named lot is not in stock at the site, has expired or lacks the units
/// (each device, or each vial, draws one unit from its lot, in the same transaction as the dose). Esketamine devices less than 5 minutes apart are flagged, not refused. The monitoring clock starts at the
/// first device (esketamine) or at the end of the infusion (IV).
/// </summary>
/// <param name="SessionId">Session id.</param>
/// <param name="Dose">The dose.</param>
public sealed record RecordDose(Guid SessionId, DoseRequest Dose) : IRequest<SessionResponse>;

/// <summary>Rules for <see cref="RecordDose"/>.</summary>
public sealed class RecordDoseValidator : AbstractValidator<RecordDose>
{
    /// <summary>Creates the validator.</summary>
    public RecordDoseValidator()
    {
        RuleFor(r => r.Dose).Must(d => (d.DoseMg is not null) != (d.WeightKg is not null || d.MgPerKg is not null))
            .WithMessage("Send doseMg and devices for esketamine, or weightKg and mgPerKg for IV ketamine.").OverridePropertyName("doseMg");
        RuleFor(r => r.Dose.Devices).NotEmpty().When(r => r.Dose.DoseMg is not null).OverridePropertyName("devices");
        RuleFor(r => r.Dose.Devices).Must((r, d) => d!.Count * 28 == r.Dose.DoseMg)
            .When(r => r.Dose.DoseMg is not null && r.Dose.Devices is { Count: > 0 })
            .WithMessage("'devices' must list one 28 mg device per 28 mg of doseMg.").OverridePropertyName("devices");
        RuleForEach(r => r.Dose.Devices).NotNull().ChildRules(d => d.RuleFor(x => x.LotNumber).NotEmpty().MaximumLength(32))
            .When(r => r.Dose.Devices is not null).OverridePropertyName("devices");
        RuleFor(r => r.Dose.WeightKg).NotNull().InclusiveBetween(20m, 300m).When(r => r.Dose.DoseMg is null).OverridePropertyName("weightKg");
        RuleFor(r => r.Dose.VialLotNumbers).Must(v => v!.Count <= 20).WithMessage("'vialLotNumbers' lists 1-20 vials.")
            .When(r => r.Dose.VialLotNumbers is not null).OverridePropertyName("vialLotNumbers");
        RuleForEach(r => r.Dose.VialLotNumbers).NotEmpty().MaximumLength(32).When(r => r.Dose.VialLotNumbers is not null).OverridePropertyName("vialLotNumbers");
        RuleFor(r => r.Dose.VialLotNumbers).Empty().When(r => r.Dose.DoseMg is not null)
            .WithMessage("'vialLotNumbers' is for IV ketamine; esketamine names each device's lot.").OverridePropertyName("vialLotNumbers");
        RuleFor(r => r.Dose.MgPerKg).NotNull().GreaterThan(0m).LessThanOrEqualTo(2m).When(r => r.Dose.DoseMg is null).OverridePropertyName("mgPerKg");
    }
}

/// <summary>Handles <see cref="RecordDose"/>.</summary>
public sealed class RecordDoseHandler(IClinicOpsDbContext db, ICurrentUser user, TimeProvider clock, ScreeningThresholds thresholds)
    : IRequestHandler<RecordDose, SessionResponse>
{
    /// <inheritdoc />
    public async Task<SessionResponse> Handle(RecordDose request, CancellationToken cancellationToken)
    {
        var state = await SessionState.LoadAsync(db, request.SessionId, clock.GetUtcNow(), track: true, cancellationToken);
        var session = state.Session;
        if (session.IsLocked)
        {
            throw SessionState.Locked(session);
        }

        if (session.Dose is not null)
        {
            throw new ConflictException("session.already-dosed", "This session already has its dose.");
        }

        var esketamine = session.Treatment == IntendedTreatment.Esketamine;
        if (esketamine != (request.Dose.DoseMg is not null))
        {
            throw new FluentValidation.ValidationException([new FluentValidation.Results.ValidationFailure(
                esketamine ? "doseMg" : "weightKg", esketamine ? "An esketamine session records doseMg and devices." : "An IV ketamine session records weightKg and mgPerKg.")]);
        }

        if (!esketamine && request.Dose.VialLotNumbers is not { Count: > 0 })
        {
            throw new FluentValidation.ValidationException([new FluentValidation.Results.ValidationFailure(
                "vialLotNumbers", "An IV ketamine dose names the lot of each vial used, drawn from the site's stock.")]);
        }

        var devices = (request.Dose.Devices ?? []).Select((d, i) => (Lot: d.LotNumber!.Trim(), At: d.AdministeredAt ?? state.Now, Field: $"devices[{i}].administeredAt")).ToList();
        foreach (var (_, at, field) in devices)
        {
            SessionState.EnsureEventTime(field, at, state.Now, session.CheckedInAt, "check-in");
        }

        var infusionStart = request.Dose.InfusionStartedAt ?? state.Now;
        if (!esketamine)
        {
            SessionState.EnsureEventTime("infusionStartedAt", infusionStart, state.Now, session.CheckedInAt, "check-in");
        }

        var dosingAt = esketamine ? devices.Min(d => d.At) : infusionStart;
        await EnsureGateAsync(state, dosingAt, cancellationToken);
        await EnsureDoseAllowedAsync(session, request.Dose, cancellationToken);

        var refusal = esketamine
            ? session.GiveEsketamine(request.Dose.DoseMg!.Value, [.. devices.Select(d => (d.Lot, d.At))], user.Subject, state.Now)
            : session.StartInfusion(request.Dose.WeightKg!.Value, request.Dose.MgPerKg!.Value, infusionStart, user.Subject, state.Now);
        if (refusal == SessionRefusal.OutOfOrder)
        {
            throw new FluentValidation.ValidationException([new FluentValidation.Results.ValidationFailure("devices", "Devices must be listed in the order used, after check-in.")]);
        }

        // The dose and its draw from the Schedule III stock commit together or not at all.
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        await InventoryLedger.DrawForDoseAsync(
            db, session.SiteId, session.Id, esketamine ? InventoryProduct.EsketamineDevice28Mg : InventoryProduct.KetamineVial,
            esketamine ? [.. devices.Select(d => d.Lot)] : [.. request.Dose.VialLotNumbers!.Select(v => v.Trim())], dosingAt, user.Subject, state.Now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return SessionResponse.From(session, state.AllReadings, state.Alerts);
    }

    private async Task EnsureGateAsync(SessionState state, DateTimeOffset dosingAt, CancellationToken cancellationToken)
    {
        var session = state.Session;
        var screeningCleared = await db.Screenings.AsNoTracking().Where(s => s.PatientId == session.PatientId)
            .OrderByDescending(s => s.Sequence).Select(s => s.ReviewDecision == null ? s.Outcome == ScreeningOutcome.Eligible : s.ReviewDecision == ReviewDecision.Approved)
            .FirstOrDefaultAsync(cancellationToken);
        var enrolled = await db.RemsEnrollments.AnyAsync(e => e.PatientId == session.PatientId, cancellationToken);
        var certified = await db.Sites.Where(s => s.Id == session.SiteId).Select(s => s.RemsCertifiedOn != null).SingleAsync(cancellationToken);
        var findings = DosingGate.Evaluate(new DosingGateInput(
            session.Treatment, session.CheckIn.RideConfirmed, state.PreDoseBloodPressure(dosingAt), thresholds, screeningCleared, enrolled, certified,
            session.CheckIn.SupervisingPrescriber, session.CheckIn.PulseOximeterOnsite));
        var blocking = DosingGate.Blocking(findings, session.Overrides.Select(o => o.Check));
        if (blocking.Count > 0)
        {
            throw new BusinessRuleException("session.dosing-blocked", "Dosing is refused until these checks pass or a clinician overrides the overridable ones.",
                [.. blocking.Select(f => $"{f.Check}: {f.Reason}{(f.Overridable ? " A clinician may override this with a reason." : " This cannot be overridden.")}")]);
        }
    }

    private async Task EnsureDoseAllowedAsync(TreatmentSession session, DoseRequest dose, CancellationToken cancellationToken)
    {
        var protocol = await db.Protocols.AsNoTracking().SingleAsync(p => p.Id == session.ProtocolId, cancellationToken);
        var rule = protocol.Doses.FirstOrDefault(d => d.Covers(session.Phase, session.SessionNumber));
        var allowed = rule switch
        {
            null => false,
            _ when dose.DoseMg is { } mg => rule.MilligramOptions.Contains(mg),
            _ => dose.MgPerKg >= rule.MgPerKgMin && dose.MgPerKg <= rule.MgPerKgMax,
        };
        if (!allowed)
        {
            var what = rule is null ? "no dose" : rule.MilligramOptions.Count > 0 ? $"{string.Join(" or ", rule.MilligramOptions)} mg" : $"{rule.MgPerKgMin}-{rule.MgPerKgMax} mg/kg";
            throw new BusinessRuleException("session.dose-not-allowed", "The protocol does not allow this dose in this phase and session.",
                [$"{protocol.Code} allows {what} for {session.Phase.ToString().ToLowerInvariant()} session {session.SessionNumber}."]);
        }
    }
}
