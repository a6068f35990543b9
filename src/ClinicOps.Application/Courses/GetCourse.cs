using ClinicOps.Application.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Courses;

/// <summary>Reads one course.</summary>
/// <param name="Id">Course id.</param>
public sealed record GetCourse(Guid Id) : IRequest<Versioned<CourseResponse>>;

/// <summary>Handles <see cref="GetCourse"/>.</summary>
public sealed class GetCourseHandler(IClinicOpsDbContext db, IAuditTrail audit) : IRequestHandler<GetCourse, Versioned<CourseResponse>>
{
    /// <inheritdoc />
    public async Task<Versioned<CourseResponse>> Handle(GetCourse request, CancellationToken cancellationToken)
    {
        var found = await db.Courses.AsNoTracking().Where(c => c.Id == request.Id)
            .Join(db.Protocols, c => c.ProtocolId, p => p.Id, (c, p) => new { Course = c, Protocol = p })
            .SingleOrDefaultAsync(cancellationToken) ?? throw new NotFoundException("Course", request.Id);
        var response = CourseResponse.From(found.Course, found.Protocol);
        await audit.RecordReadsAsync([response.AuditTarget], cancellationToken);
        return new Versioned<CourseResponse>(response, found.Course.Version);
    }
}

/// <summary>A patient's courses, newest first.</summary>
/// <param name="PatientId">Patient id.</param>
public sealed record ListPatientCourses(Guid PatientId) : IRequest<IReadOnlyList<CourseResponse>>;

/// <summary>Handles <see cref="ListPatientCourses"/>.</summary>
public sealed class ListPatientCoursesHandler(IClinicOpsDbContext db, IAuditTrail audit) : IRequestHandler<ListPatientCourses, IReadOnlyList<CourseResponse>>
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<CourseResponse>> Handle(ListPatientCourses request, CancellationToken cancellationToken)
    {
        if (!await db.Patients.AnyAsync(p => p.Id == request.PatientId, cancellationToken))
        {
            throw new NotFoundException("Patient", request.PatientId);
        }

        var found = await db.Courses.AsNoTracking().Where(c => c.PatientId == request.PatientId)
            .Join(db.Protocols, c => c.ProtocolId, p => p.Id, (c, p) => new { Course = c, Protocol = p })
            .OrderByDescending(x => x.Course.CreatedAt).ThenByDescending(x => x.Course.Id)
            .ToListAsync(cancellationToken);
        var responses = found.Select(x => CourseResponse.From(x.Course, x.Protocol)).ToList();
        await audit.RecordReadsAsync(responses.Select(r => r.AuditTarget), cancellationToken);
        return responses;
    }
}
