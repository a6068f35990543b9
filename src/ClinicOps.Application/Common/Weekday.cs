namespace ClinicOps.Application.Common;

/// <summary>A day of the week. The values equal <see cref="DayOfWeek"/>'s, so the two convert by a cast.</summary>
public enum Weekday
{
    /// <summary>Monday.</summary>
    Monday = (int)DayOfWeek.Monday,

    /// <summary>Tuesday.</summary>
    Tuesday = (int)DayOfWeek.Tuesday,

    /// <summary>Wednesday.</summary>
    Wednesday = (int)DayOfWeek.Wednesday,

    /// <summary>Thursday.</summary>
    Thursday = (int)DayOfWeek.Thursday,

    /// <summary>Friday.</summary>
    Friday = (int)DayOfWeek.Friday,

    /// <summary>Saturday.</summary>
    Saturday = (int)DayOfWeek.Saturday,

    /// <summary>Sunday.</summary>
    Sunday = (int)DayOfWeek.Sunday,
}
