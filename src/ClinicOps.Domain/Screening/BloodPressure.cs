namespace ClinicOps.Domain.Screening;

/// <summary>A blood pressure reading in mmHg.</summary>
/// <param name="Systolic">Systolic pressure, mmHg.</param>
/// <param name="Diastolic">Diastolic pressure, mmHg.</param>
public sealed record BloodPressure(int Systolic, int Diastolic)
{
    /// <summary>The reading as "systolic/diastolic", for example "140/90".</summary>
    public override string ToString() => $"{Systolic}/{Diastolic}";
}
