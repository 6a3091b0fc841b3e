"""Invalid registration inputs and the field each must be refused on, shared by the
API and the web tests so both sides are held to the same rules."""

VALID_PATIENT = {
    "full_name": "Nasrin Akter",
    "email": "Nasrin@Example.com",
    "mobile_number": "01712345678",
    "password": "Secure#Pass1",
    "address": "House 5, Road 2",
}

VALID_DOCTOR = {
    "license_number": "bmdc-a-777",
    "specialization": "Cardiology",
    "experience_years": 12,
    "consultation_fee": 1500,
    "qualification": "MBBS, MD",
    "bio": "Heart doctor.",
}

# (case id, field, bad value, expected field in the error)
USER_CASES = [
    ("email-no-at", "email", "nasrin.example.com", "email"),
    ("email-no-domain", "email", "nasrin@", "email"),
    ("email-empty", "email", "", "email"),
    ("mobile-short", "mobile_number", "0171234567", "mobile_number"),
    ("mobile-long", "mobile_number", "017123456789", "mobile_number"),
    ("mobile-operator-1", "mobile_number", "01112345678", "mobile_number"),
    ("mobile-operator-2", "mobile_number", "01212345678", "mobile_number"),
    ("mobile-foreign", "mobile_number", "+447700900123", "mobile_number"),
    ("mobile-letters", "mobile_number", "01712abc678", "mobile_number"),
    ("password-short", "password", "Ab1!xyz", "password"),
    ("password-no-upper", "password", "secure#pass1", "password"),
    ("password-no-digit", "password", "Secure#Pass", "password"),
    ("password-no-special", "password", "SecurePass1", "password"),
    ("name-blank", "full_name", "   ", "full_name"),
]

DOCTOR_CASES = [
    ("experience-negative", "experience_years", -1, "experience_years"),
    ("experience-61", "experience_years", 61, "experience_years"),
    ("fee-zero", "consultation_fee", 0, "consultation_fee"),
    ("fee-negative", "consultation_fee", -100, "consultation_fee"),
    ("fee-three-decimals", "consultation_fee", "10.505", "consultation_fee"),
    ("specialization-unknown", "specialization", "Astrology", "specialization"),
    ("licence-blank", "license_number", " ", "license_number"),
]

# Accepted spellings of one number, all stored as +8801712345678.
MOBILE_SPELLINGS = ["01712345678", "8801712345678", "+8801712345678", "+88 017-1234-5678"]
