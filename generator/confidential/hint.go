package confidential

// hint says what to do about a finding of kind k with the matched text m.
func hint(k Kind, m []byte) string {
	switch k {
	case NHSNumber:
		return "remove the NHS number"
	case CHINumber:
		return "remove the CHI number"
	case HCNumber:
		return "remove the H&C number"
	case DateOfBirth:
		return "remove the date of birth; an age band such as 'in her seventies' is enough"
	case AgeOver90:
		return "say 'a very elderly woman' or 'in his nineties' instead of an exact age over 90"
	case Postcode:
		return "remove the postcode"
	case Phone:
		return "remove the phone number"
	case Email:
		return "remove the e-mail address"
	case NINumber:
		return "remove the National Insurance number"
	case MRN:
		return "remove the hospital number"
	case PatientName:
		return "describe the patient ('a woman in her eighties') instead of naming them"
	case Address:
		return "remove the address; 'a nearby street' is enough"
	case ExactAge:
		return lifeStage(m)
	case EncounterDate:
		return "leave out the date of the consultation, or say 'recently'"
	case PlaceName:
		return "a named practice or hospital narrows down who the patient is; consider 'a local hospital'"
	}
	return "check whether this identifies a patient"
}

// lifeStage suggests a softer phrase for the age in an exact-age match.
// The hints are constants so that a post full of ages costs no allocations.
func lifeStage(m []byte) string {
	v := 0
	for i := 0; i < len(m); i++ {
		if isDigit(m[i]) {
			v, _ = digitsAt(m, i, 3)
			break
		}
	}
	switch {
	case v < 2:
		return "say 'an infant' instead of an exact age"
	case v < 13:
		return "say 'a young child' or 'a school-age child' instead of an exact age"
	case v < 20:
		return "say 'a teenager' instead of an exact age"
	case v < 30:
		return "say 'a young adult' or 'a woman in her twenties' instead of an exact age"
	case v < 40:
		return "say 'a man in his thirties' instead of an exact age"
	case v < 50:
		return "say 'a man in his forties' or 'a middle-aged woman' instead of an exact age"
	case v < 60:
		return "say 'a man in his fifties' or 'a middle-aged woman' instead of an exact age"
	case v < 70:
		return "say 'a woman in her sixties' or 'an older adult' instead of an exact age"
	case v < 80:
		return "say 'an older adult' or 'a man in his seventies' instead of an exact age"
	}
	return "say 'an older adult' or 'a woman in her eighties' instead of an exact age"
}
