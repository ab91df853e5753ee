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
		return "say " + lifeStage(m) + " instead of an exact age"
	case EncounterDate:
		return "leave out the date of the consultation, or say 'recently'"
	case PlaceName:
		return "a named practice or hospital narrows down who the patient is; consider 'a local hospital'"
	}
	return "check whether this identifies a patient"
}

// lifeStage suggests a softer phrase for the first number in an age match.
func lifeStage(m []byte) string {
	v := 0
	for i := 0; i < len(m); i++ {
		if isDigit(m[i]) {
			v, _ = digitsAt(m, i, 3)
			break
		}
	}
	switch {
	case v < 1:
		return "'an older adult' or 'a man in his seventies'"
	case v < 2:
		return "'an infant'"
	case v < 13:
		return "'a young child' or 'a school-age child'"
	case v < 20:
		return "'a teenager'"
	case v < 30:
		return "'a young adult' or 'a woman in her twenties'"
	case v < 65:
		decade := [...]string{"thirties", "forties", "fifties", "sixties"}[v/10-3]
		return "'a man in his " + decade + "' or 'a middle-aged woman'"
	default:
		decade := [...]string{"sixties", "seventies", "eighties"}[v/10-6]
		return "'an older adult' or 'a man in his " + decade + "'"
	}
}
