// Parses an iCalendar feed with ical.js (an independent RFC 5545 parser) and prints what a calendar app would see,
// as JSON. Used by tests/ClinicOps.Api.Tests/Scheduling/CalendarFeedTests.cs.
// Usage: node ical/parse.mjs <file.ics>   (or the feed on stdin)
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const text = readFileSync(process.argv[2] ?? 0, "utf8");
const calendar = new ICAL.Component(ICAL.parse(text));
const timezones = calendar.getAllSubcomponents("vtimezone");
for (const vtimezone of timezones) {
  ICAL.TimezoneService.register(vtimezone);
}

const iso = (time) => (time ? time.toJSDate().toISOString() : null);
const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
  const event = new ICAL.Event(vevent);
  return {
    uid: event.uid,
    summary: event.summary,
    location: event.location,
    start: iso(event.startDate),
    end: iso(event.endDate),
    status: vevent.getFirstPropertyValue("status"),
    sequence: vevent.getFirstPropertyValue("sequence"),
    dtstamp: iso(vevent.getFirstPropertyValue("dtstamp")),
  };
});

console.log(JSON.stringify({
  prodid: calendar.getFirstPropertyValue("prodid"),
  version: calendar.getFirstPropertyValue("version"),
  calscale: calendar.getFirstPropertyValue("calscale"),
  method: calendar.getFirstPropertyValue("method"),
  timezone: calendar.getFirstPropertyValue("x-wr-timezone"),
  events,
}));
