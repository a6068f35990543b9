namespace ClinicOps.Domain.Screening;

/// <summary>Whether the patient has a ride home after treatment (no driving until the next day).</summary>
public enum TransportationPlan
{
    /// <summary>Someone will drive the patient home.</summary>
    RideArranged,

    /// <summary>No ride is arranged yet.</summary>
    NoRideArranged,
}
