using ClinicOps.Application.Common;
using ClinicOps.Domain.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Scheduling;

/// <summary>
/// Writes appointments and the slots they hold in one transaction, in three saves: the appointments, then the chair
/// slots, then the patient slots. The slot tables' primary keys refuse a double booking on both databases; because
/// each save holds one kind of slot, the save that fails names the conflict (chair or patient) without reading any
/// database error message.
/// </summary>
internal static class SlotBooking
{
    /// <summary>The chair is taken for part of the session (409).</summary>
    public const string ChairTaken = "appointment.chair-taken";

    /// <summary>The patient has another appointment at that time (409).</summary>
    public const string PatientDoubleBooked = "appointment.patient-double-booked";

    /// <summary>
    /// Releases the slots of <paramref name="releasing"/>, saves the pending appointment changes and holds the slots of
    /// <paramref name="holding"/>, all or nothing.
    /// </summary>
    /// <param name="db">The context with the appointment changes pending.</param>
    /// <param name="holding">Appointments whose slots to hold now.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <param name="releasing">Appointments whose slots to free first (moved or cancelled).</param>
    public static async Task SaveAsync(
        IClinicOpsDbContext db, IReadOnlyCollection<Appointment> holding, CancellationToken cancellationToken, params Guid[] releasing)
    {
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        if (releasing.Length > 0)
        {
            await db.ChairSlots.Where(s => releasing.Contains(s.AppointmentId)).ExecuteDeleteAsync(cancellationToken);
            await db.PatientSlots.Where(s => releasing.Contains(s.AppointmentId)).ExecuteDeleteAsync(cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await HoldAsync(db, holding.Where(a => a.ChairId is not null).SelectMany(ChairSlotsOf).ToList(), ChairTaken,
            "The chair is taken for part of this session; choose another chair or time.", cancellationToken);
        await HoldAsync(db, holding.SelectMany(PatientSlotsOf).ToList(), PatientDoubleBooked,
            "The patient has another appointment at this time.", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task HoldAsync<T>(IClinicOpsDbContext db, IReadOnlyList<T> slots, string code, string message, CancellationToken cancellationToken)
        where T : class
    {
        if (slots.Count == 0)
        {
            return;
        }

        foreach (var slot in slots)
        {
            switch (slot)
            {
                case ChairSlot chair:
                    db.ChairSlots.Add(chair);
                    break;
                case PatientSlot patient:
                    db.PatientSlots.Add(patient);
                    break;
            }
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (ConflictException)
        {
            throw new ConflictException(code, message);
        }
    }

    private static IEnumerable<ChairSlot> ChairSlotsOf(Appointment a) =>
        SchedulingGrid.SlotsOf(a.StartsAt, a.EndsAt).Select(start => new ChairSlot(a.ChairId!.Value, start, a.Id));

    private static IEnumerable<PatientSlot> PatientSlotsOf(Appointment a) =>
        SchedulingGrid.SlotsOf(a.StartsAt, a.EndsAt).Select(start => new PatientSlot(a.PatientId, start, a.Id));
}
