using System.Globalization;
using ClinicOps.Application.Common;
using ClinicOps.Domain.Scheduling;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Scheduling;

/// <summary>Finds the start times at which a session of a protocol fits a free chair, per local date.</summary>
public sealed record FindFreeSlots : IRequest<FreeSlotsResponse>
{
    /// <summary>Most dates one search may cover.</summary>
    public const int MaxDays = 31;

    /// <summary>Site id.</summary>
    /// <example>5e1f0000-0000-4000-8000-000000000001</example>
    public Guid SiteId { get; init; }

    /// <summary>First local date (yyyy-MM-dd).</summary>
    /// <example>2026-12-01</example>
    public DateOnly? From { get; init; }

    /// <summary>Last local date (yyyy-MM-dd), inclusive; at most 31 dates from <c>from</c>.</summary>
    /// <example>2026-12-04</example>
    public DateOnly? To { get; init; }

    /// <summary>The protocol whose session length must fit.</summary>
    /// <example>9a000000-0000-4000-8000-000000000001</example>
    public Guid? ProtocolId { get; init; }
}

/// <summary>Rules for <see cref="FindFreeSlots"/>.</summary>
public sealed class FindFreeSlotsValidator : AbstractValidator<FindFreeSlots>
{
    /// <summary>Creates the validator.</summary>
    public FindFreeSlotsValidator()
    {
        RuleFor(f => f.From).NotNull();
        RuleFor(f => f.ProtocolId).NotNull();
        RuleFor(f => f.To).NotNull()
            .Must((f, to) => f.From is null || to >= f.From).WithMessage("'to' must not be before 'from'.")
            .Must((f, to) => f.From is null || to!.Value.DayNumber - f.From.Value.DayNumber < FindFreeSlots.MaxDays)
            .WithMessage($"A search covers at most {FindFreeSlots.MaxDays} dates.");
    }
}

/// <summary>Free start times of a site for a protocol, per local date.</summary>
/// <param name="SiteId" example="5e1f0000-0000-4000-8000-000000000001">Site id.</param>
/// <param name="ProtocolId" example="9a000000-0000-4000-8000-000000000001">Protocol id.</param>
/// <param name="SessionMinutes" example="165">How long a session holds its chair, in minutes (on the 15-minute grid).</param>
/// <param name="TimeZoneId" example="America/Chicago">The site's time zone.</param>
/// <param name="Days">Every date of the range, in order.</param>
public sealed record FreeSlotsResponse(Guid SiteId, Guid ProtocolId, int SessionMinutes, string TimeZoneId, IReadOnlyList<FreeSlotDay> Days);

/// <summary>One local date of a free-slot search.</summary>
/// <param name="Date" example="2026-12-03">Local date.</param>
/// <param name="ClosedReason" example="Thanksgiving">Why the site is closed that date, when it is.</param>
/// <param name="Slots">Start times with at least one free chair, in time order; empty when nothing fits.</param>
public sealed record FreeSlotDay(DateOnly Date, string? ClosedReason, IReadOnlyList<FreeSlot> Slots);

/// <summary>A start time at which a whole session fits.</summary>
/// <param name="LocalTime" example="09:00">Local start time (HH:mm).</param>
/// <param name="StartsAt" example="2026-12-03T15:00:00+00:00">Start (UTC).</param>
/// <param name="EndsAt" example="2026-12-03T17:45:00+00:00">End (UTC).</param>
/// <param name="ChairIds">The active chairs free for the whole session, in name order.</param>
public sealed record FreeSlot(string LocalTime, DateTimeOffset StartsAt, DateTimeOffset EndsAt, IReadOnlyList<Guid> ChairIds);

/// <summary>
/// Handles <see cref="FindFreeSlots"/>: reads the site, its active chairs and the protocol, then the chair slots held in
/// the range in one query, and walks the 15-minute grid of each date's opening hours.
/// </summary>
public sealed class FindFreeSlotsHandler(IClinicOpsDbContext db, ICurrentUser user, TimeProvider clock) : IRequestHandler<FindFreeSlots, FreeSlotsResponse>
{
    /// <inheritdoc />
    public async Task<FreeSlotsResponse> Handle(FindFreeSlots request, CancellationToken cancellationToken)
    {
        var siteId = request.SiteId;
        var site = user.SiteIds.Contains(siteId) ? await db.Sites.AsNoTracking().SingleOrDefaultAsync(s => s.Id == siteId, cancellationToken) : null;
        if (site is null)
        {
            throw new NotFoundException("Site", siteId);
        }

        var protocol = await db.Protocols.AsNoTracking().SingleOrDefaultAsync(p => p.Id == request.ProtocolId, cancellationToken)
            ?? throw new NotFoundException("Protocol", request.ProtocolId!.Value);
        var chairs = await db.Chairs.AsNoTracking().Where(c => c.SiteId == siteId && c.Active)
            .Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken);
        var chairIds = chairs.OrderBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Id).Select(c => c.Id).ToList();

        var calendar = site.Calendar();
        var (first, last) = (request.From!.Value, request.To!.Value);
        var rangeStart = LocalDays.StartOf(calendar.TimeZone, first);
        var rangeEnd = LocalDays.StartOf(calendar.TimeZone, last.AddDays(1));
        var held = (await db.ChairSlots.AsNoTracking()
                .Where(s => chairIds.Contains(s.ChairId) && s.StartsAt >= rangeStart && s.StartsAt < rangeEnd)
                .Select(s => new { s.ChairId, s.StartsAt })
                .ToListAsync(cancellationToken))
            .Select(s => (s.ChairId, s.StartsAt))
            .ToHashSet();

        var length = protocol.SessionLength;
        var now = clock.GetUtcNow();
        var days = new List<FreeSlotDay>();
        for (var date = first; date <= last; date = date.AddDays(1))
        {
            var closure = calendar.ClosureOn(date);
            var slots = new List<FreeSlot>();
            foreach (var hours in closure is null ? calendar.Hours.Where(h => h.Day == date.DayOfWeek) : [])
            {
                for (var time = FirstOnGrid(hours.Opens); time.ToTimeSpan() + length <= hours.Closes.ToTimeSpan() && time >= hours.Opens; time = time.AddMinutes(SchedulingGrid.SlotMinutes))
                {
                    if (calendar.ToInstant(date, time) is not { } start || start <= now)
                    {
                        continue;
                    }

                    var end = start + length;
                    var free = chairIds.Where(chair => SchedulingGrid.SlotsOf(start, end).All(slot => !held.Contains((chair, slot)))).ToList();
                    if (free.Count > 0)
                    {
                        slots.Add(new FreeSlot(time.ToString("HH:mm", CultureInfo.InvariantCulture), start, end, free));
                    }
                }
            }

            days.Add(new FreeSlotDay(date, closure?.Reason, [.. slots.DistinctBy(s => s.LocalTime).OrderBy(s => s.LocalTime, StringComparer.Ordinal)]));
        }

        return new FreeSlotsResponse(siteId, protocol.Id, (int)length.TotalMinutes, site.TimeZoneId, days);
    }

    private static TimeOnly FirstOnGrid(TimeOnly opens)
    {
        var minutes = (int)Math.Ceiling(opens.ToTimeSpan().TotalMinutes / SchedulingGrid.SlotMinutes) * SchedulingGrid.SlotMinutes;
        return minutes >= 24 * 60 ? TimeOnly.MaxValue : TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(minutes));
    }
}
