export { addCaseNote, createCase, pinExecution, unpinExecution, updateCase } from './caseCommands';
export {
  casesForExecution, casesForExecutions, getCase, listCases, openCases,
  type CaseDetail, type CaseHistoryEntry, type CaseListItem, type CaseNoteView, type CasePinView, type CaseRef,
} from './caseQueries';
export { CASE_STATUSES, type CaseActor, type CaseResult, type CaseStatus } from './caseInputs';
